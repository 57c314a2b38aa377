//! The command line's environment (issue 26 item 1): the database file, the
//! operator signed in, the language and the as-of date, decided once per run
//! and asked by every subcommand; the arguments' own checks (before any
//! database is open) and the one line an error becomes.

use super::prelude::*;
use crate::domain::model::{Colour, VisitKind};
use crate::domain::queue::Status;
use crate::domain::tier::Tier;
use std::result::Result;

/// The options every subcommand takes (`gridcare --help`).
pub struct Global {
    pub db: Option<PathBuf>,
    pub today: Option<String>,
    pub lang: Option<Lang>,
    pub ascii: bool,
    pub read_only: bool,
    pub township: Option<String>,
    pub operator: Option<String>,
    /// `--ssh-operator`: the operator an SSH key signs in (issue 31).
    pub ssh_operator: Option<String>,
}

/// One run of the command line: what every subcommand asks of it.
pub struct Env {
    /// --db or GRIDCARE_DB, if given
    pub db: Option<PathBuf>,
    today: Option<String>,
    /// the clock's today
    pub wall: NaiveDate,
    pub ascii: bool,
    pub read_only: bool,
    pub township: Option<String>,
    operator: Option<String>,
    /// `--ssh-operator` (cli/ssh.rs)
    pub ssh_operator: Option<String>,
    language: Language,
    // Issue 15 item 2: when the database has operators, a command signs in
    // (--operator or GRIDCARE_OPERATOR, the PIN from GRIDCARE_PIN or the
    // terminal) once, and every connection it opens works as that operator.
    session: std::cell::RefCell<Option<Option<crate::db::Session>>>,
}

impl Env {
    pub fn new(g: Global) -> Env {
        Env {
            db: g.db,
            today: g.today,
            wall: chrono::Local::now().date_naive(),
            ascii: want_ascii(g.ascii),
            read_only: g.read_only,
            township: g.township,
            operator: g.operator,
            ssh_operator: g.ssh_operator,
            language: Language::new(g.lang),
            session: Default::default(),
        }
    }

    /// The run's language, once a database decided it (`Language`).
    pub fn lang(&self) -> Lang {
        self.language.now()
    }

    /// The run's language, decided by `db` if no database has yet.
    pub fn lang_of(&self, db: &Db) -> Lang {
        self.language.of(db)
    }

    /// A typed date, in the command line's language when it is wrong.
    pub fn date(&self, s: &str) -> anyhow::Result<NaiveDate> {
        crate::words::parse_date(s, self.lang()).map_err(anyhow::Error::msg)
    }

    /// --today, checked (dates are checked before anything is opened).
    pub fn today_flag(&self) -> anyhow::Result<Option<NaiveDate>> {
        self.today.as_deref().map(|s| self.date(s)).transpose()
    }

    /// --today, else a demo database's own date, else the clock's (issue 10 item 14).
    pub fn as_of(&self, db: &Db) -> NaiveDate {
        super::as_of(self.today_flag().ok().flatten(), db, self.wall)
    }

    /// A --date or --since that was not given is `today`.
    pub fn day_or(&self, d: &Option<String>, today: NaiveDate) -> anyhow::Result<NaiveDate> {
        match d {
            Some(d) => self.date(d),
            None => Ok(today),
        }
    }

    /// --db or GRIDCARE_DB, else gridcare.db in the data directory.
    pub fn db_path(&self) -> anyhow::Result<PathBuf> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => Ok(data_dir(self.lang())?.join("gridcare.db")),
        }
    }

    /// `db` working as the operator signed in (once per run).
    pub fn signed(&self, mut db: Db) -> anyhow::Result<Db> {
        self.language.of(&db);
        if let Some(p) = db.path() {
            warn_if_open_to_others(p, self.lang());
        }
        // the operator's scope is decided by the real date, never by
        // --today, which the user types (issue 24 item 5)
        let day = crate::db::real_date();
        let known = self.session.borrow().clone();
        match known {
            Some(Some(s)) => db.bind_session(&s, day)?,
            Some(None) => {}
            None => {
                let s =
                    super::operator::sign_in(&mut db, self.operator.as_deref(), day, self.lang())?;
                *self.session.borrow_mut() = Some(s);
            }
        }
        Ok(db)
    }

    /// The roster and referral commands: the database to write, its as-of date.
    pub fn open_writable(&self) -> anyhow::Result<(Db, NaiveDate)> {
        let db = self.signed(Db::open(&self.db_path()?, OpenMode::MustExist)?)?;
        let today = self.as_of(&db);
        Ok((db, today))
    }

    /// A reading command's database: read-only with a note when it cannot be
    /// written (issue 17), so a copy on a read-only stick can still be read.
    pub fn open_for_reading(&self, path: &std::path::Path) -> anyhow::Result<Db> {
        let db = Db::open_for_reading(path, self.read_only)?;
        let lang = self.lang_of(&db);
        if let Some(why) = db.read_only().filter(|_| !self.read_only) {
            let s = crate::words::strings(lang);
            eprintln!(
                "gridcare: {}: {}: {}",
                s.note,
                path.display(),
                crate::words::read_only_why(lang, why)
            );
        }
        Ok(db)
    }

    /// The run's end: its exit code, or the error in one line in the run's
    /// language (the database's when one was read).
    pub fn finish(&self, done: anyhow::Result<ExitCode>) -> ExitCode {
        let e = match done {
            Ok(code) => return code,
            Err(e) => e,
        };
        let lang = self.lang();
        let text = match (
            e.downcast_ref::<crate::db::DbError>(),
            e.downcast_ref::<crate::print::PrintError>(),
            e.downcast_ref::<crate::import::FileError>(),
        ) {
            (Some(d), _, _) => crate::words::db_error(lang, d),
            (_, Some(p), _) => p.text(lang, true),
            (_, _, Some(f)) => f.text(lang == Lang::Zh),
            _ => format!("{e:#}"),
        };
        eprintln!("gridcare: {text}");
        ExitCode::from(1)
    }
}

pub trait Code: Sized {
    fn from_code(s: &str) -> Option<Self>;
    fn codes() -> String;
}
macro_rules! code {
    ($($t:ty),*) => {$(impl Code for $t {
        fn from_code(s: &str) -> Option<Self> { <$t>::from_code(s) }
        fn codes() -> String { <$t>::codes() }
    })*};
}
code!(VisitKind, Status, Colour);

// The options' values are checked while the arguments are read, before
// any database is: their messages are in `flag_lang`'s language.

pub fn parse_code<T: Code>(s: &str) -> Result<T, String> {
    T::from_code(s).ok_or_else(|| {
        say(
            flag_lang(),
            "“{}”不是以下之一：{}",
            "\"{}\" is not one of: {}",
            &[&s, &T::codes()],
        )
    })
}

pub fn parse_period(s: &str) -> Result<crate::domain::calendar::Period, String> {
    crate::domain::indicators::parse_period(s).map_err(|e| match flag_lang() {
        Lang::Zh => format!("“{s}”不是统计期；请写年份（2026）、季度（2026Q3）或月份（2026-11）"),
        Lang::En => e,
    })
}

pub fn parse_cadence(s: &str) -> Result<crate::domain::calendar::Cadence, String> {
    s.parse().map_err(|_| {
        say(
            flag_lang(),
            "“{}”不是周期；请写 week、month、quarter 或 year",
            "\"{}\" is not a cadence; give week, month, quarter or year",
            &[&s],
        )
    })
}

pub fn parse_tier(s: &str) -> Result<Tier, String> {
    s.trim_start_matches('★')
        .parse::<u8>()
        .ok()
        .and_then(Tier::new)
        .ok_or_else(|| {
            say(
                flag_lang(),
                "“{}”不是星级；请写 1 到 5",
                "\"{}\" is not a tier; give 1 to 5",
                &[&s],
            )
        })
}

/// The language while the arguments are read, before clap has them and
/// before any database is open: --lang (or --lang=), else GRIDCARE_LANG,
/// else Chinese (issue 25 item 6).
pub fn flag_lang() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| match a.as_str() {
        "--lang" => args.get(i + 1).cloned(),
        a => a.strip_prefix("--lang=").map(String::from),
    });
    flag.or_else(|| std::env::var("GRIDCARE_LANG").ok())
        .and_then(|v| <Lang as clap::ValueEnum>::from_str(&v, true).ok())
        .unwrap_or_default()
}

/// A command line clap cannot read: in Chinese one line saying what is
/// wrong (the common mistakes; clap's own English otherwise), in English
/// clap's message; help and the version are printed as clap prints them.
pub fn bad_arguments(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if flag_lang() == Lang::En || !e.use_stderr() {
        e.exit()
    }
    let context = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        _ => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let text = match e.kind() {
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(&e).map_or(String::new(), |s| s.to_string());
            format!("{arg}：{why}")
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 需要一个值"),
        ErrorKind::InvalidValue => format!(
            "{arg} 的值“{value}”无效；可用：{}",
            context(ContextKind::ValidValue)
        ),
        ErrorKind::UnknownArgument => {
            format!(
                "没有选项 {arg}；`gridcare --help` 列出各命令，`gridcare 命令 --help` 列出其选项"
            )
        }
        ErrorKind::InvalidSubcommand => format!(
            "没有命令“{}”；`gridcare --help` 列出各命令",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("缺少 {arg}；`gridcare 命令 --help` 列出其选项")
        }
        ErrorKind::ArgumentConflict => {
            format!("{arg} 不能与 {} 同用", context(ContextKind::PriorArg))
        }
        ErrorKind::MissingSubcommand => "缺少子命令；`gridcare 命令 --help` 列出它们".to_string(),
        // a command without its subcommand: clap shows that command's help
        _ => e.exit(),
    };
    eprintln!("gridcare: {text}");
    ExitCode::from(2)
}

pub fn data_dir(lang: Lang) -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "gridcare").with_context(|| {
        say(
            lang,
            "找不到您的主目录；请用 --db 路径",
            "cannot find your home directory; give --db PATH",
            &[],
        )
    })?;
    let dir = dirs.data_dir().to_path_buf();
    private_dir(
        &dir,
        say(
            lang,
            "无法创建数据目录 {}",
            "cannot create the data directory {}",
            &[&dir.display()],
        ),
    )?;
    Ok(dir)
}

/// Makes `dir` (and its parents) readable by you only, unless it exists;
/// `fails` says what could not be made.
pub fn private_dir(dir: &std::path::Path, fails: String) -> anyhow::Result<()> {
    if !dir.exists() {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(dir).context(fails)?;
    }
    Ok(())
}

/// The command line's one language (issue 25 item 6), decided once per run
/// as the interface decides it: --lang (or GRIDCARE_LANG), else the
/// database's ui.lang setting, else Chinese. Every line a command prints,
/// its errors included, is in it; `--format csv|json` keep their codes.
struct Language {
    flag: Option<Lang>,
    chosen: std::cell::Cell<Option<Lang>>,
}

impl Language {
    fn new(flag: Option<Lang>) -> Self {
        Language {
            flag,
            chosen: Default::default(),
        }
    }

    /// The language, decided by the first database the run opens.
    fn of(&self, db: &Db) -> Lang {
        if let Some(l) = self.chosen.get() {
            return l;
        }
        let l = self
            .flag
            .or_else(|| {
                let v = db.settings().ok()?.get("ui.lang")?.clone();
                <Lang as clap::ValueEnum>::from_str(&v, true).ok()
            })
            .unwrap_or_default();
        self.chosen.set(Some(l));
        l
    }

    /// The language decided so far: before any database could be read,
    /// --lang (or GRIDCARE_LANG), else Chinese.
    fn now(&self) -> Lang {
        self.chosen.get().or(self.flag).unwrap_or_default()
    }
}

/// ASCII when asked, or when the locale does not say UTF-8.
fn want_ascii(flag: bool) -> bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    flag || locale.is_some_and(|l| !l.to_uppercase().replace('-', "").contains("UTF8"))
}

/// What a session loads (issue 9): --township, else the first township.
pub fn session_scope(db: &Db, township: Option<&str>) -> anyhow::Result<Scope> {
    Ok(match township {
        Some(t) => Scope::Township(db.find_township(t)?),
        None => db.default_scope()?,
    })
}

/// Prints to stdout; a reader that stops early (`| head`) is not an error.
/// The resident who holds a typed ID number (`--resident`), with their name.
/// The township a report or export is of (named, else the first) and the
/// village it is narrowed to, if any; `what` names the command in the refusal.
pub fn township_and_village(
    db: &mut Db,
    township: Option<&str>,
    village: Option<&str>,
    what: &str,
    lang: Lang,
) -> anyhow::Result<(i64, Option<i64>)> {
    let Some(t) = db.import_township(township, false)? else {
        anyhow::bail!(
            "{}",
            say(
                lang,
                "数据库里还没有乡镇；没有可{}的内容",
                "the database has no township yet; nothing to {}",
                &[&what]
            )
        )
    };
    let village = match village {
        None => None,
        Some(v) => Some(
            *db.places_by_name(t)?
                .0
                .get(v.trim())
                .with_context(|| say(lang, "没有村“{}”", "there is no village \"{}\"", &[&v]))?,
        ),
    };
    Ok((t, village))
}

/// An active person on the rosters by name or number (`operator add --staff`).
pub fn staff_by_name(db: &Db, key: &str, lang: Lang) -> anyhow::Result<i64> {
    let key = key.trim();
    let found: Vec<i64> = db
        .staff()?
        .into_iter()
        .filter(|s| s.active && (s.name == key || s.id.to_string() == key))
        .map(|s| s.id)
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => anyhow::bail!("{}", no_such_staff(lang, key)),
        _ => anyhow::bail!("{}", several_staff(lang, key)),
    }
}

/// Nobody active on the rosters is called `key`.
pub fn no_such_staff(lang: Lang, key: &str) -> String {
    say(
        lang,
        "花名册上没有在职人员“{}”；见 `gridcare roster list`",
        "no active person \"{}\" on the rosters; see `gridcare roster list`",
        &[&key],
    )
}

/// Several people on the rosters are called `key`.
pub fn several_staff(lang: Lang, key: &str) -> String {
    say(
        lang,
        "有多人叫“{}”；请给出其在 `gridcare roster list` 中的编号",
        "several people are called \"{}\"; give their number from `gridcare roster list`",
        &[&key],
    )
}

/// Says once a process that the database can be read by other users of
/// the computer (issue 24 item 15): it holds health data (§10).
pub fn warn_if_open_to_others(path: &std::path::Path, lang: Lang) {
    static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if crate::files::open_to_others(path)
        && !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed)
    {
        eprintln!(
            "gridcare: {}: {}",
            crate::words::strings(lang).note,
            say(
                lang,
                "本机其他用户可以读写 {}；其中有健康数据：`chmod 600 {}`（或对共用的组用 660）",
                "{} can be read or written by other users of this computer; it holds health data: `chmod 600 {}` (or 660 for a group that shares it)",
                &[&path.display(), &path.display()]
            )
        );
    }
}

/// The resident who holds a typed ID number (`--resident`), with their name,
/// when the signed-in operator reaches them: one outside their village or
/// grids is "nobody registered", as one who is not (issue 24 item 7).
pub fn id_holder(db: &Db, typed: &str, today: chrono::NaiveDate) -> anyhow::Result<(i64, String)> {
    Ok(db.resident_in_reach_by_id_number(typed, today)?)
}
