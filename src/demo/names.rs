//! Deterministic randomness and Chinese names for the demo township.

use chrono::{Days, NaiveDate};

/// SplitMix64: tiny, fast, and stable across versions of any crate, so a
/// seed gives the same township forever (the determinism test relies on it).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// Uniform in lo..=hi.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as i64 - 1) as usize]
    }
    /// Picks by weight.
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.range(0, i64::from(total) - 1) as u32;
        for (t, w) in items {
            if x < *w {
                return t;
            }
            x -= w;
        }
        &items[items.len() - 1].0
    }
    /// Roughly normal (sum of uniforms), clamped to lo..=hi.
    pub fn around(&mut self, mean: f64, sd: f64, lo: f64, hi: f64) -> f64 {
        let s: f64 = (0..6).map(|_| self.unit()).sum::<f64>() - 3.0; // sd ≈ 0.707
        (mean + s * sd * 1.414).clamp(lo, hi)
    }
    pub fn date_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0);
        from + Days::new(self.range(0, span) as u64)
    }
}

/// Surnames with rough frequency weights; the rare ones (单 曾 解 区 仇 朴 查 重
/// have several readings) and compound surnames test search and layout.
const SURNAMES: &[(&str, u32)] = &[
    ("王", 70),
    ("李", 70),
    ("张", 65),
    ("刘", 55),
    ("陈", 50),
    ("杨", 35),
    ("黄", 30),
    ("赵", 28),
    ("吴", 25),
    ("周", 25),
    ("徐", 20),
    ("孙", 18),
    ("马", 17),
    ("朱", 16),
    ("胡", 15),
    ("郭", 14),
    ("何", 13),
    ("高", 13),
    ("林", 12),
    ("罗", 12),
    ("郑", 11),
    ("梁", 11),
    ("谢", 10),
    ("宋", 9),
    ("唐", 9),
    ("许", 8),
    ("韩", 8),
    ("冯", 8),
    ("邓", 8),
    ("曹", 7),
    ("彭", 7),
    ("肖", 7),
    ("田", 6),
    ("董", 6),
    ("袁", 6),
    ("潘", 5),
    ("蒋", 5),
    ("蔡", 5),
    ("余", 5),
    ("杜", 5),
    ("叶", 5),
    ("程", 5),
    ("魏", 5),
    ("吕", 4),
    ("丁", 4),
    ("熊", 6),
    ("涂", 6),
    ("淦", 3),
    ("邹", 4),
    ("万", 4),
    ("曾", 5),
    ("单", 2),
    ("解", 2),
    ("区", 1),
    ("仇", 1),
    ("朴", 1),
    ("查", 2),
    ("重", 1),
    ("欧阳", 2),
    ("司马", 1),
    ("诸葛", 1),
];

const MALE: &[&str] = &[
    "伟", "强", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "建国", "建华", "国强",
    "志强", "德明", "福生", "水根", "金华", "长庚", "春生", "有才", "国平", "小龙", "浩然", "子轩",
    "宇航", "俊杰", "文斌", "海波",
];
const FEMALE: &[&str] = &[
    "芳", "娟", "敏", "静", "丽", "艳", "霞", "秀英", "桂英", "玉兰", "秀兰", "凤英", "春花",
    "冬梅", "淑珍", "翠萍", "金凤", "梅香", "小红", "雨桐", "欣怡", "子涵", "佳怡", "婷婷", "慧敏",
    "丽华", "月娥", "招娣",
];
/// Given names with characters outside the Basic Multilingual Plane.
const RARE_GIVEN: &[&str] = &["𠮷祥", "𠮷", "𡈼生", "𪚥"];

pub fn name(rng: &mut Rng, male: bool) -> String {
    let surname = rng.weighted(SURNAMES);
    let given = if rng.chance(0.003) {
        rng.pick(RARE_GIVEN)
    } else if male {
        rng.pick(MALE)
    } else {
        rng.pick(FEMALE)
    };
    format!("{surname}{given}")
}

/// The grid worker of the first village's first grid (富民村第一网格) and the
/// volunteer of its first group, as README's examples name them
/// (`gridcare queue --worker 涂春生`, `gridcare print --volunteer 王建国`).
pub const README_GRID_WORKER: &str = "涂春生";
pub const README_VOLUNTEER: &str = "王建国";

pub const VILLAGES: &[&str] = &[
    "富民村",
    "新塘村",
    "桥头村",
    "观音阁村",
    "东山村",
    "西湖村",
    "南岭村",
    "北港村",
    "龙口村",
    "石门村",
    "杨柳村",
    "梅溪村",
];

pub const GRID_NAMES: &[&str] = &["第一网格", "第二网格", "第三网格", "第四网格", "第五网格"];

/// The n-th grid's name (0-based): 第一网格 … 第十网格, 第十一网格 … 第九十九网格.
pub fn grid_name(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let k = n + 1;
    let (tens, ones) = (k / 10 % 10, k % 10);
    let num = match (tens, ones) {
        (0, o) => D[o].to_string(),
        (1, o) => format!("十{}", D[o]),
        (t, o) => format!("{}十{}", D[t], D[o]),
    };
    format!("第{num}网格")
}

/// Townships of the county demo (永修县's, the first being the demo's own).
pub const TOWNSHIPS: &[&str] = &[
    "三角乡",
    "立新乡",
    "白槎镇",
    "虬津镇",
    "艾城镇",
    "滩溪镇",
    "涂埠镇",
    "吴城镇",
    "江益镇",
    "梅棠镇",
    "燕坊镇",
    "马口镇",
    "九合乡",
    "江上乡",
    "柘林镇",
    "恒丰镇",
    "马埠乡",
    "云山乡",
    "梅棠乡",
    "新城乡",
];
