//! The national follow-up record's fields, listed once (domain.md §3, "The
//! follow-up record"): the fields the follow-up form asks for and a visits
//! file carries, each with its name, its code (what a record's problem
//! names it by, `FieldProblem::field`), the paper form's header (the column
//! gridcare writes), its English words, and the other headers a file may
//! give it.
//!
//! The form's `FieldId` and the import's `Field` take their variants for
//! these fields from this one list (`national_record_fields!` hands it to a
//! macro of theirs), so a field is added, renamed or given a header here
//! and nowhere else. What only one side has stays with it: the file's one
//! symptoms column, its 血压 cell and medicines cell; the form's two symptom
//! lists and its regimen lines.

/// Calls `$then!` with `{ $own }` followed by the list, one entry a field:
/// `Name = "code", "中文", "English", ["alias", …];`, in the paper's order.
macro_rules! national_record_fields {
    ($then:ident! { $($own:tt)* }) => {
        $then! {
            { $($own)* }
            Mode = "mode", "随访方式", "visit mode", ["mode"];
            SymptomsOther = "symptoms_other", "其他症状", "other symptoms", ["symptoms_other"];
            Sbp = "sbp", "收缩压", "systolic BP", ["sbp"];
            Dbp = "dbp", "舒张压", "diastolic BP", ["dbp"];
            Weight = "weight_kg", "体重", "weight", ["weight", "weight_kg"];
            WeightTarget = "weight_target_kg", "目标体重", "target weight", ["weight_target", "体重目标"];
            Height = "height_cm", "身高", "height", ["height", "height_cm"];
            Hr = "heart_rate", "心率", "heart rate", ["heart_rate"];
            OtherSigns = "other_signs", "其他体征", "other signs", ["other_signs"];
            FootPulse = "foot_pulse", "足背动脉搏动", "foot pulse", ["foot_pulse"];
            Cigarettes = "cigarettes", "日吸烟量", "cigarettes a day", ["cigarettes", "吸烟量"];
            CigarettesTarget = "cigarettes_target", "目标日吸烟量", "target cigarettes a day", ["cigarettes_target"];
            Alcohol = "alcohol_liang", "日饮酒量", "alcohol a day", ["alcohol", "饮酒量"];
            AlcoholTarget = "alcohol_target", "目标日饮酒量", "target alcohol a day", ["alcohol_target"];
            ExTimes = "exercise_times", "每周运动次数", "exercise times a week", ["exercise_times"];
            ExTimesTarget = "exercise_times_target", "目标每周运动次数", "target exercise times a week", ["exercise_times_target"];
            ExMinutes = "exercise_minutes", "每次运动分钟", "exercise minutes a time", ["exercise_minutes", "每次运动时间"];
            ExMinutesTarget = "exercise_minutes_target", "目标每次运动分钟", "target exercise minutes a time", ["exercise_minutes_target"];
            Salt = "salt", "摄盐情况", "salt", ["salt", "摄盐"];
            SaltTarget = "salt_target", "目标摄盐", "target salt", ["salt_target"];
            Staple = "staple_g", "主食", "staple food", ["staple", "主食量"];
            StapleTarget = "staple_target", "目标主食", "target staple food", ["staple_target"];
            Psychology = "psychology", "心理调整", "psychological adjustment", ["psychology"];
            Compliance = "compliance", "遵医行为", "following advice", ["compliance"];
            Fpg = "fpg", "空腹血糖", "fasting glucose", ["fpg"];
            Hba1c = "hba1c", "糖化血红蛋白", "HbA1c", ["hba1c", "糖化血红蛋白(%)"];
            Hba1cOn = "hba1c_on", "糖化血红蛋白检查日期", "HbA1c test date", ["hba1c_on"];
            OtherTests = "other_tests", "其他检查", "other tests", ["other_tests", "辅助检查"];
            Adherence = "adherence", "服药依从性", "adherence", ["adherence"];
            Adverse = "adverse_reaction", "药物不良反应", "adverse reaction", ["adverse_reaction", "不良反应"];
            AdverseWhat = "adverse_what", "不良反应描述", "the adverse reaction", ["adverse_what"];
            Hypoglycaemia = "hypoglycaemia", "低血糖反应", "hypoglycaemia", ["hypoglycaemia"];
            Complication = "complication", "并发症", "complication", ["complication"];
            RefFacility = "referral_facility", "转诊机构", "referral facility", ["referral_facility"];
            RefDepartment = "referral_department", "转诊科别", "referral department", ["referral_department"];
            NextVisit = "next_visit_on", "下次随访日期", "next visit", ["next_visit_on"];
            VisitedBy = "visited_by", "随访医生", "visited by", ["visited_by", "随访人"];
            Notes = "notes", "备注", "notes", ["notes"];
        }
    };
}
pub(crate) use national_record_fields;

macro_rules! record_field_enum {
    ({} $($f:ident = $code:literal, $zh:literal, $en:literal, [$($alias:literal),*];)+) => {
        /// One of the national record's fields both the form and a file carry.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RecordField { $($f,)+ }
        impl RecordField {
            pub const ALL: &'static [RecordField] = &[$(RecordField::$f,)+];
            /// What a record's problem names the field by.
            pub fn code(self) -> &'static str {
                match self { $(RecordField::$f => $code,)+ }
            }
            /// The paper form's header, which is also the column gridcare writes.
            pub fn zh(self) -> &'static str {
                match self { $(RecordField::$f => $zh,)+ }
            }
            pub fn en(self) -> &'static str {
                match self { $(RecordField::$f => $en,)+ }
            }
            /// The other headers a file may give the column.
            pub fn aliases(self) -> &'static [&'static str] {
                match self { $(RecordField::$f => &[$($alias),*],)+ }
            }
            pub fn from_code(code: &str) -> Option<RecordField> {
                RecordField::ALL.iter().copied().find(|f| f.code() == code)
            }
        }
    };
}
national_record_fields!(record_field_enum! {});
