//! The follow-up form as the national paper form (issue 27 item 1): every
//! field of both forms in the paper's order and sections, the regimen in
//! force confirmed with Enter or changed, drug names completed from the
//! township's, the last targets beside the fields, out-of-range values
//! refused at their field with nothing saved, and a full record keyed in
//! no more keys than the values typed, one Enter a field and one key a
//! section.

mod common;
use common::{d, field_text, fixture_db, followup, form_errors, load, press, render, value};
use gridcare::db::Db;
use gridcare::domain::record::{self, DoseUnit, Drug};
use gridcare::tui::app::{App, Popup};
use gridcare::tui::forms::{FieldId, Form};
use gridcare::words::Lang;

fn drug(name: &str, times: i32, amount: f64, unit: DoseUnit) -> Drug {
    Drug {
        name: name.into(),
        times_a_day: times,
        amount,
        unit,
        insulin_kind: None,
    }
}

fn form(app: &App) -> &Form {
    match &app.popup {
        Some(Popup::Form(f)) => f,
        _ => panic!("no form open: {}", app.message),
    }
}

fn focused(app: &App) -> FieldId {
    let f = form(app);
    f.fields[f.focus].id
}

fn visits_of(db: &Db, id: i64) -> i64 {
    value(
        db,
        &format!("SELECT count(*) FROM visit WHERE resident_id = {id}"),
    )
}

/// 欧阳春花 (resident 9, both conditions) with three medicines started on
/// 2026-08-10, as an earlier visit left them.
fn on_three_medicines() -> Db {
    let mut db = fixture_db();
    let mut v = followup(9, "2026-08-10", 132, 84);
    v.record.cigarettes.target = Some(5);
    v.record.weight_target_kg = Some(62.0);
    v.record.salt_target = Some(gridcare::domain::model::Salt::Light);
    v.regimen = Some(vec![
        drug("氨氯地平", 1, 5.0, DoseUnit::Mg),
        drug("二甲双胍", 2, 500.0, DoseUnit::Mg),
        drug("阿卡波糖", 3, 50.0, DoseUnit::Mg),
    ]);
    db.record_visit(&v, common::fixture_today()).unwrap();
    db
}

/// The regimen's lines of resident 9 in force on `day`, as text.
fn regimen_on(db: &Db, day: &str) -> Vec<String> {
    let lines = db.regimen_lines(9).unwrap();
    record::regimen_on(&lines, d(day))
        .iter()
        .map(|l| l.drug.text(true))
        .collect()
}

/// The regimen in force stands in the form as lines; BP then Ctrl-S saves
/// with it confirmed unchanged; Enter on a line confirms it; a line typed
/// over changes the dose (completed from pinyin initials), emptied stops
/// the drug, a new line adds one — each kept with its date.
#[test]
fn the_regimen_is_confirmed_or_changed_in_the_form() {
    let mut db = on_three_medicines();
    let mut app = load(&db, Lang::Zh, false);
    // the common case: BP, Ctrl-S
    press(&mut app, &mut db, "/oych{Enter}r");
    assert_eq!(
        focused(&app),
        FieldId::Sbp,
        "the form opens on the systolic"
    );
    assert_eq!(field_text(&app, FieldId::Drug(0)), "氨氯地平 1次/日 5mg");
    assert_eq!(field_text(&app, FieldId::Drug(2)), "阿卡波糖 3次/日 50mg");
    let before = visits_of(&db, 9);
    press(&mut app, &mut db, "130{Enter}80{C-s}");
    assert!(app.popup.is_none(), "{}", app.message);
    assert_eq!(visits_of(&db, 9), before + 1);
    assert_eq!(db.regimen_lines(9).unwrap().len(), 3, "nothing changed");

    // a dose changed by initials, one stopped, one added, one confirmed by Enter
    let mut db = on_three_medicines();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/oych{Enter}r");
    while focused(&app) != FieldId::Drug(0) {
        press(&mut app, &mut db, "{PageDown}");
    }
    press(&mut app, &mut db, "aldp 1 10");
    let note = |app: &App, id| {
        form(app)
            .fields
            .iter()
            .find(|f| f.id == id)
            .and_then(|f| f.note.clone())
            .unwrap_or_default()
    };
    assert!(
        note(&app, FieldId::Drug(0)).contains("改量"),
        "{}",
        note(&app, FieldId::Drug(0))
    );
    press(&mut app, &mut db, "{Enter}");
    assert_eq!(field_text(&app, FieldId::Drug(0)), "氨氯地平 1次/日 10mg");
    assert_eq!(focused(&app), FieldId::Drug(1));
    press(&mut app, &mut db, "{Enter}{C-u}");
    assert!(note(&app, FieldId::Drug(2)).contains("停用 阿卡波糖"));
    press(&mut app, &mut db, "{Enter}格列美脲 1 2");
    press(&mut app, &mut db, "{Enter}");
    assert_eq!(field_text(&app, FieldId::Drug(3)), "格列美脲 1次/日 2mg");
    press(&mut app, &mut db, "{C-s}");
    assert!(app.popup.is_none(), "{}", app.message);
    assert_eq!(
        regimen_on(&db, "2026-11-19"),
        [
            "氨氯地平 1次/日 5mg",
            "二甲双胍 2次/日 500mg",
            "阿卡波糖 3次/日 50mg"
        ],
        "the day before: the old regimen"
    );
    assert_eq!(
        regimen_on(&db, "2026-11-20"),
        [
            "二甲双胍 2次/日 500mg",
            "氨氯地平 1次/日 10mg",
            "格列美脲 1次/日 2mg"
        ]
    );
    let changed: i64 = value(
        &db,
        "SELECT count(*) FROM medication WHERE resident_id = 9 AND until_date = '2026-11-20'
           AND until_visit IS NOT NULL",
    );
    assert_eq!(
        changed, 2,
        "the changed and the stopped line end with the visit"
    );
}

/// Drug names complete from the names used before in the township, by
/// their pinyin initials or their first characters; a name new to the
/// township is kept as typed.
#[test]
fn drug_names_complete_from_the_township() {
    let mut db = on_three_medicines();
    // another patient's medicine is the township's too
    let mut v = followup(1, "2026-09-01", 140, 88);
    v.regimen = Some(vec![drug("缬沙坦", 1, 80.0, DoseUnit::Mg)]);
    db.record_visit(&v, common::fixture_today()).unwrap();
    let names = db.drug_names(9).unwrap();
    assert_eq!(names.len(), 4, "{names:?}");
    let table: &[(&str, Option<&str>)] = &[
        ("aldp", Some("氨氯地平")),
        ("al", Some("氨氯地平")),
        ("xst", Some("缬沙坦")),
        ("ejsg", Some("二甲双胍")),
        ("二甲", Some("二甲双胍")),
        ("akbt", Some("阿卡波糖")),
        ("anlv", Some("氨氯地平")),
        ("阿司匹林", None),
        ("zzz", None),
    ];
    for (typed, want) in table {
        assert_eq!(gridcare::search::complete(typed, &names), *want, "{typed}");
    }
    // in the form: the completion shows beside the line as it is typed
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/oych{Enter}r");
    while focused(&app) != FieldId::Drug(3) {
        press(&mut app, &mut db, "{Tab}");
    }
    press(&mut app, &mut db, "xst");
    let screen = render(&app, 120, 40);
    assert!(screen.contains("→ 缬沙坦"), "{screen}");
    press(&mut app, &mut db, " 1 80{Enter}");
    assert_eq!(field_text(&app, FieldId::Drug(3)), "缬沙坦 1次/日 80mg");
}

/// The last visit's targets stand beside this visit's amounts.
#[test]
fn the_last_targets_stand_beside_the_fields() {
    let mut db = on_three_medicines();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/oych{Enter}r");
    let f = form(&app);
    let note = |id| {
        f.fields
            .iter()
            .find(|x| x.id == id)
            .and_then(|x| x.note.clone())
    };
    assert_eq!(note(FieldId::Cigarettes).as_deref(), Some("上次目标 5"));
    assert_eq!(note(FieldId::Weight).as_deref(), Some("上次目标 62kg"));
    assert_eq!(note(FieldId::Salt).as_deref(), Some("上次目标 轻"));
}

/// An amount out of its range is said at its field in the domain's words,
/// in both languages, and Ctrl-S saves nothing.
#[test]
fn out_of_range_is_said_at_the_field_and_nothing_is_saved() {
    for (lang, want) in [(Lang::Zh, "日吸烟量"), (Lang::En, "cigarettes a day")] {
        let mut db = on_three_medicines();
        let mut app = load(&db, lang, false);
        press(&mut app, &mut db, "/oych{Enter}r130{Enter}80");
        while focused(&app) != FieldId::Cigarettes {
            press(&mut app, &mut db, "{Tab}");
        }
        press(&mut app, &mut db, "120");
        let errors = form_errors(&app);
        assert!(errors.contains(want), "{lang:?}: {errors}");
        assert!(
            errors.contains("100"),
            "{lang:?}: the range is said: {errors}"
        );
        let before = visits_of(&db, 9);
        press(&mut app, &mut db, "{C-s}");
        assert!(app.popup.is_some(), "the form stays open");
        assert_eq!(focused(&app), FieldId::Cigarettes, "back at the field");
        assert_eq!(visits_of(&db, 9), before, "nothing saved");
        // a half-typed drug line is refused on saving too
        let mut db = on_three_medicines();
        let mut app = load(&db, lang, false);
        press(&mut app, &mut db, "/oych{Enter}r130{Enter}80");
        while focused(&app) != FieldId::Drug(3) {
            press(&mut app, &mut db, "{Tab}");
        }
        press(&mut app, &mut db, "aldp 1{C-s}");
        assert!(app.popup.is_some(), "the form stays open");
        assert_eq!(focused(&app), FieldId::Drug(3));
        assert_eq!(visits_of(&db, 9), before);
    }
}

/// Every field of both forms, in the paper's order (domain.md §3): a
/// patient with both conditions gets the diabetes fields, one with
/// hypertension only does not.
#[test]
fn the_form_follows_the_paper() {
    let mut db = on_three_medicines();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/oych{Enter}r");
    let order: Vec<FieldId> = form(&app)
        .fields
        .iter()
        .filter(|f| !f.hidden)
        .map(|f| f.id)
        .collect();
    let paper = [
        FieldId::Date,
        FieldId::Mode,
        FieldId::HtnSymptoms,
        FieldId::DmSymptoms,
        FieldId::SymptomsOther,
        FieldId::Sbp,
        FieldId::Dbp,
        FieldId::Weight,
        FieldId::WeightTarget,
        FieldId::Height,
        FieldId::Hr,
        FieldId::OtherSigns,
        FieldId::FootPulse,
        FieldId::Cigarettes,
        FieldId::CigarettesTarget,
        FieldId::Alcohol,
        FieldId::AlcoholTarget,
        FieldId::ExTimes,
        FieldId::ExMinutes,
        FieldId::ExTimesTarget,
        FieldId::ExMinutesTarget,
        FieldId::Salt,
        FieldId::SaltTarget,
        FieldId::Staple,
        FieldId::StapleTarget,
        FieldId::Psychology,
        FieldId::Compliance,
        FieldId::Fpg,
        FieldId::Hba1c,
        FieldId::Hba1cOn,
        FieldId::OtherTests,
        FieldId::Adherence,
        FieldId::Adverse,
        FieldId::Hypoglycaemia,
        FieldId::Complication,
        FieldId::Emergency,
        FieldId::Drug(0),
        FieldId::Drug(1),
        FieldId::Drug(2),
        FieldId::Drug(3),
        FieldId::RefFacility,
        FieldId::RefDepartment,
        FieldId::NextVisit,
        FieldId::VisitedBy,
        FieldId::Notes,
    ];
    assert_eq!(order, paper);
    // hypertension only: no diabetes fields
    press(&mut app, &mut db, "{Esc}{Esc}");
    press(&mut app, &mut db, "/wdy{Enter}r");
    let ids: Vec<FieldId> = form(&app).fields.iter().map(|f| f.id).collect();
    for dm in [
        FieldId::DmSymptoms,
        FieldId::FootPulse,
        FieldId::Staple,
        FieldId::Hba1c,
        FieldId::Hypoglycaemia,
    ] {
        assert!(!ids.contains(&dm), "{dm:?}");
    }
    assert!(ids.contains(&FieldId::HtnSymptoms));
}

/// Issue 27 item 5 of the build ("Done when"): keying a full record —
/// every section of both forms, three medicines — takes no more keys than
/// the characters typed, one Enter to leave each field, and one key a
/// section; the keys are counted and the figure README states is checked.
#[test]
fn a_full_record_takes_the_values_one_enter_a_field_and_one_key_a_section() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/oych{Enter}r");
    // (keys, characters typed into fields): a value then Enter, or a section key
    let mut keys = 0usize;
    let mut typed = 0usize;
    let mut fields = 0usize;
    let mut sections = 0usize;
    let key = |app: &mut App, db: &mut Db, k: &str| press(app, db, k);
    // from the systolic, up to the paper's top: two section keys
    for _ in 0..2 {
        key(&mut app, &mut db, "{PageUp}");
        keys += 1;
        sections += 1;
    }
    assert_eq!(focused(&app), FieldId::Date);
    let values: &[&str] = &[
        "2026-08-10", // date
        "1",          // 门诊
        "2",          // 头痛头晕
        "2",          // 多饮
        "夜间口干",
        "132",
        "84",
        "66",
        "62",
        "160",
        "76",
        "无",
        "2", // 左侧减弱
        "10",
        "5",
        "2",
        "1",
        "3",
        "30",
        "5",
        "30",
        "2", // 中
        "1", // 轻
        "400",
        "300",
        "1", // 良好
        "2", // 一般
        "6.5",
        "7.4",
        "2026-08-01",
        "尿常规正常",
        "1", // 规律
        "1", // 无不良反应
        "2", // 偶尔
        "1", // 无并发症
        "1", // 无危急症状
        "氨氯地平 1 5",
        "二甲双胍 2 500",
        "阿卡波糖 3 50",
    ];
    for v in values {
        key(&mut app, &mut db, v);
        key(&mut app, &mut db, "{Enter}");
        typed += v.chars().count();
        keys += v.chars().count() + 1;
        fields += 1;
    }
    // the empty line to add a fourth drug: the section is left with one key
    key(&mut app, &mut db, "{PageDown}");
    keys += 1;
    sections += 1;
    for v in ["县人民医院", "内分泌科", "2026-11-10", "王医生"] {
        key(&mut app, &mut db, v);
        key(&mut app, &mut db, "{Enter}");
        typed += v.chars().count();
        keys += v.chars().count() + 1;
        fields += 1;
    }
    // notes: the last field; Ctrl-S saves
    key(&mut app, &mut db, "随访到位");
    typed += 4;
    fields += 1;
    key(&mut app, &mut db, "{C-s}");
    keys += 4 + 1;
    assert!(app.popup.is_none(), "{}", app.message);
    let bound = typed + fields + 9; // nine sections
    assert!(
        keys <= bound,
        "{keys} keys for {typed} characters in {fields} fields and {sections} section keys"
    );
    // the figure README states
    assert_eq!((keys, typed, fields), (180, 133, 44), "README's figure");
    let id: i64 = value(&db, "SELECT max(id) FROM visit WHERE resident_id = 9");
    let r = db.followup_record(id).unwrap();
    assert_eq!(r.cigarettes.target, Some(5));
    assert_eq!(r.staple_g.now, Some(400));
    assert_eq!(r.referral_department.as_deref(), Some("内分泌科"));
    assert_eq!(regimen_on(&db, "2026-08-10").len(), 3);
}

/// The form scrolls so the focused field is always on screen, at 60×16
/// and 80×24, in both languages, every field reached by Tab, every
/// section by PageDown.
#[test]
fn the_form_scrolls_to_the_focused_field() {
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(60, 16), (80, 24)] {
            let mut db = on_three_medicines();
            let mut app = load(&db, lang, false);
            press(&mut app, &mut db, "/oych{Enter}r");
            let n = form(&app).fields.iter().filter(|f| !f.hidden).count();
            for _ in 0..n {
                let f = form(&app);
                let label = f.fields[f.focus].label;
                let screen = render(&app, w, h);
                assert!(
                    screen.contains(&format!(">{label}")),
                    "{lang:?} {w}x{h}: {label} not on screen:\n{screen}"
                );
                press(&mut app, &mut db, "{Tab}");
            }
            press(
                &mut app,
                &mut db,
                "{PageUp}{PageUp}{PageUp}{PageUp}{PageUp}{PageUp}{PageUp}{PageUp}{PageUp}{PageUp}",
            );
            assert_eq!(focused(&app), FieldId::Date, "{lang:?}: PageUp to the top");
        }
    }
}
