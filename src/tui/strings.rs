//! Every label the terminal shows, in Chinese (default) and English.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// The catalogue: one struct per language, so a missing label fails to compile.
pub struct Strings {
    pub app_title: &'static str,
    pub overview: &'static str,
    pub village: &'static str,
    pub grids: &'static str,
    pub households: &'static str,
    pub residents: &'static str,
    pub hypertension: &'static str,
    pub diabetes: &'static str,
    pub due: &'static str,
    pub overdue: &'static str,
    pub red: &'static str,
    pub total: &'static str,
    pub as_of: &'static str,
    pub operator: &'static str,
    pub database: &'static str,
    pub quit_hint: &'static str,
    pub too_small: &'static str,
}

pub const ZH: Strings = Strings {
    app_title: "网格化慢病管理",
    overview: "各村概况",
    village: "村",
    grids: "网格",
    households: "户数",
    residents: "在册居民",
    hypertension: "高血压",
    diabetes: "糖尿病",
    due: "待办",
    overdue: "逾期",
    red: "红码",
    total: "合计",
    as_of: "日期",
    operator: "操作员",
    database: "数据库",
    quit_hint: "q 退出",
    too_small: "终端太小：至少需要 {w}×{h}，现在是 {cw}×{ch}。请放大窗口。",
};

pub const EN: Strings = Strings {
    app_title: "Grid chronic-disease care",
    overview: "Villages",
    village: "Village",
    grids: "Grids",
    households: "Households",
    residents: "Residents",
    hypertension: "Hypert.",
    diabetes: "Diabetes",
    due: "Due",
    overdue: "Overdue",
    red: "Red",
    total: "Total",
    as_of: "as of",
    operator: "operator",
    database: "db",
    quit_hint: "q quit",
    too_small: "Terminal too small: need at least {w}×{h}, have {cw}×{ch}. Enlarge the window.",
};

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}
