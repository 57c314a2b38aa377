//! Every label the terminal shows, in Chinese (default) and English. One
//! catalogue: a label missing in either language fails to compile.

use crate::domain::calendar::Cadence;
use crate::domain::colour::ColourCause;
use crate::domain::model::*;
use crate::domain::queue::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

macro_rules! labels {
    ($($field:ident: $zh:literal / $en:literal,)+) => {
        pub struct Strings { $(pub $field: &'static str,)+ }
        pub const ZH: Strings = Strings { $($field: $zh,)+ };
        pub const EN: Strings = Strings { $($field: $en,)+ };
        impl Strings {
            /// Every (name, label), for checks of the catalogue.
            pub fn all(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($field), self.$field),)+]
            }
        }
    };
}

labels! {
    app_title: "网格化慢病管理" / "Grid chronic care",
    s_today: "今日" / "Today",
    s_queues: "任务队列" / "Queues",
    s_household: "家庭" / "Household",
    s_resident: "居民" / "Resident",
    s_rosters: "花名册" / "Rosters",
    s_groups: "志愿者小组" / "Groups",
    s_referrals: "双向转诊" / "Referrals",
    s_reports: "指标报表" / "Reports",
    village: "村" / "Village",
    grid: "网格" / "Grid",
    households: "户数" / "Households",
    residents: "在册居民" / "Residents",
    hypertension: "高血压" / "Hypert.",
    diabetes: "糖尿病" / "Diabetes",
    due: "待办" / "Due",
    overdue: "逾期" / "Overdue",
    red: "红码" / "Red",
    total: "合计" / "Total",
    as_of: "日期" / "as of",
    operator: "操作员" / "operator",
    database: "数据库" / "db",
    help_hint: "? 帮助" / "? help",
    too_small: "终端太小：至少需要 {w}×{h}，现在是 {cw}×{ch}。请放大窗口。" / "Terminal too small: need at least {w}×{h}, have {cw}×{ch}. Enlarge the window.",
    by_cadence: "按周期" / "By cadence",
    red_list: "红码名单" / "Red list",
    red_when: "截止/逾期" / "Due / Late",
    per_village: "各村未完成任务" / "Open tasks per village",
    events: "限期任务" / "Dated tasks",
    tab_week: "每周" / "Weekly",
    tab_month: "每月" / "Monthly",
    tab_quarter: "每季" / "Quarterly",
    tab_year: "每年" / "Yearly",
    filters: "筛选" / "Filters",
    all: "全部" / "all",
    open_tasks: "未完成" / "open",
    // a column head, capitalised as its neighbour Overdue (issue 25 item 16)
    open_head: "未完成" / "Open",
    name: "姓名" / "Name",
    kind: "类型" / "Kind",
    status: "状态" / "Status",
    late: "逾期" / "Late",
    colour: "颜色" / "Colour",
    tier: "星级" / "Tier",
    worker: "负责人" / "Worker",
    volunteer: "志愿者" / "Volunteer",
    due_by: "截止" / "Due",
    why: "原因" / "Why",
    last_try: "上次联系" / "Last contact",
    no_tasks: "没有符合条件的任务。" / "No task matches.",
    tasks_count: "条任务" / "tasks",
    address: "地址" / "Address",
    members: "成员" / "Members",
    age: "年龄" / "Age",
    sex: "性别" / "Sex",
    relation: "关系" / "Relation",
    flags: "情况" / "Flags",
    conditions: "慢病" / "Conditions",
    diagnosis_unknown: "确诊日期不详" / "diagnosis date unknown",
    medicines: "用药" / "Medicines",
    medicines_since: "（{} 起）" / " (since {})",
    history: "随访记录" / "History",
    open_task_list: "待办任务" / "Open tasks",
    tier_override: "人工调整" / "override",
    tier_derived: "按成员推算" / "derived",
    id_number: "身份证号" / "ID number",
    // the provincial register's keys (issue 28 item 1)
    record_no: "档案编号" / "record no.",
    household_no: "户编号" / "household no.",
    phone: "电话" / "Phone",
    contract: "签约团队" / "Contract team",
    no_contract: "未签约" / "no contract",
    plan: "一人一策" / "Care plan",
    colour_history: "颜色变化" / "Colour history",
    regimen_changes: "用药变化" / "Medicine changes",
    followups: "随访" / "Follow-ups",
    referrals: "转诊" / "Referrals",
    none: "无" / "none",
    nothing_open: "请从任务队列或搜索（/）打开一户或一人。" / "Open a household or resident from the queue or search (/).",
    coming: "（由后续任务实现）" / "(built by a later issue)",
    search_title: "查找居民：姓名、拼音首字母、身份证或电话尾号" / "Find a resident: name, pinyin initials, ID or phone tail",
    no_results: "没有找到。" / "Nothing found.",
    help_title: "按键" / "Keys",
    f_county: "县（区）" / "County",
    f_township: "乡镇" / "Township",
    f_village_name: "村名" / "Village name",
    f_grid_name: "网格名" / "Grid name",
    f_place: "村/网格" / "Village/grid",
    f_registered: "登记日期" / "Registered on",
    f_id_number: "身份证号" / "ID number",
    f_relation: "与户主关系" / "Relation to head",
    f_condition: "病种" / "Condition",
    f_diagnosed: "确诊日期" / "Diagnosed on",
    f_managed_from: "纳入管理日期" / "Managed from",
    f_moved_on: "迁入日期" / "Moved on",
    form_new_township: "新建乡镇" / "New township",
    form_new_village: "新增村" / "New village",
    form_new_grid: "新增网格" / "New grid",
    form_rename: "改名" / "Rename",
    form_new_household: "新增家庭" / "New household",
    form_new_resident: "新增成员" / "New member",
    form_new_condition: "登记慢病" / "Register a condition",
    form_move: "迁户" / "Move to another household",
    select_printable: "选一个村、有网格员的网格、网格员、团队或志愿者再按 p 打印。" / "Select a village, a grid with a worker, a grid worker, a team or a volunteer, then press p.",
    form_end_condition: "结束慢病管理" / "End a condition's management",
    k_end_condition: "结束某一慢病的管理（失访、拒绝等）" / "end one condition's management (lost, refused …)",
    no_condition: "此人没有在管的慢病。" / "No condition under management.",
    k_add: "新增：村/网格/人员/团队/志愿者/成员/慢病（视窗格）" / "add: village/grid/person/team/volunteer/member/condition",
    k_add_household: "在所选网格新增家庭" / "add a household in the selected grid",
    k_move_home: "迁到另一户（结婚、分户）" / "move to another household (marriage, new home)",
    k_rename: "改名" / "rename",
    villages_title: "村" / "Villages",
    grids_title: "网格" / "Grids",
    roster_counts: "{}户 {}人" / "{}hh {}ppl",
    pick_household: "迁入哪一户" / "Move into which household",
    empty_title: "开始使用" / "Getting started",
    empty_no_township: "数据库是空的。先按 a 建立本乡镇（县名和乡镇名），再到花名册（5）添加村和网格；或在花名册（5）按 I 从表格导入（选“新建未知村和网格”）。" / "The database is empty. Press a to create this township (county and township names), then add villages and grids on the rosters (5); or press I on the rosters (5) to import a spreadsheet (with \"create unknown villages and grids\").",
    add_where: "新增在花名册（5）：村、网格、人员；在家庭（3）：成员；在居民（4）：慢病。" / "Adding happens on the rosters (5): villages, grids, people; on a household (3): members; on a resident (4): conditions.",
    empty_no_households: "还没有登记任何家庭。到花名册（5）添加村和网格，选中网格按 A 新增家庭；或在花名册（5）按 I 从表格导入（也可用 gridcare import）。" / "No household is registered yet. On the rosters (5) add villages and grids, then select a grid and press A to add a household; or press I on the rosters (5) to import a spreadsheet (or use gridcare import).",
    role_grid_worker: "网格员" / "grid worker",
    people_title: "人员与负荷（每周走访）" / "People and load (visits a week)",
    sec_staff: "网格员与医生" / "Grid workers and doctors",
    sec_teams: "家庭医生团队" / "Family-doctor teams",
    sec_volunteers: "志愿者" / "Volunteers",
    per_week_short: "/周" / "/wk",
    over_limit: "超负荷" / "over",
    left_job: "离任" / "left",
    stepped_down: "已卸任" / "stepped down",
    leads: "带" / "leads ",
    no_people: "还没有人员：按 a 新增网格员或医生。" / "Nobody yet: press a to add a grid worker or doctor.",
    uncovered_line: "无网格员的网格：{}（在网格窗格按 W 指派）" / "Grids without a grid worker: {} (W on the grid pane assigns one)",
    all_covered: "每个网格都有网格员。" / "Every grid has a grid worker.",
    proposal_line: "均衡建议：把{}从{}交给{}（每周 {}→{}，{}→{}），按 b 查看" / "To even the load: hand {} from {} to {} ({}→{} and {}→{} a week); b to review",
    no_proposal: "负荷均衡，没有交接建议。" / "The load is even: no handover to propose.",
    form_new_staff: "新增人员" / "New person",
    form_edit_staff: "修改人员" / "Edit person",
    form_end_staff: "人员离任（交接网格）" / "Person leaves (hand over grids)",
    form_assign: "指派网格员" / "Assign a grid worker",
    form_new_team: "新增家庭医生团队" / "New family-doctor team",
    form_team_member: "团队成员" / "Team member",
    form_new_volunteer: "新增志愿者" / "New volunteer",
    form_step_down: "志愿者卸任" / "Volunteer steps down",
    f_role: "岗位" / "Role",
    f_village: "所在村" / "Village",
    f_worker: "网格员" / "Grid worker",
    f_handover: "交接给" / "Hand to",
    f_person: "人员" / "Person",
    f_in_team: "在团队中" / "In the team",
    f_team_name: "团队名称" / "Team name",
    f_since: "开始日期" / "From",
    f_last_day: "最后一天" / "Last day",
    no_village: "（不属某村）" / "(no village)",
    team_member_opt: "成员" / "member",
    team_leader_opt: "队长" / "leader",
    team_out_opt: "移出团队" / "out of the team",
    no_grid_workers: "没有其他在职网格员可以接手：请先新增网格员。" / "No other active grid worker to take over: add one first.",
    no_active_staff: "没有在职人员可加入团队：请先新增人员。" / "No active person to put in the team: add one first.",
    select_grid: "请先在网格窗格选择一个网格。" / "Select a grid on the grid pane first.",
    k_assign: "为所选网格指派网格员" / "assign a grid worker to the selected grid",
    k_balance: "查看并接受均衡负荷的交接建议" / "review and accept the handover that evens the load",
    k_end_staff: "人员离任 / 志愿者卸任（人员窗格）" / "a person leaves / a volunteer steps down (people pane)",
    k_group_volunteer: "为所选小组换志愿者（原志愿者卸任时）" / "give the selected group another volunteer (when theirs stepped down)",
    form_group_volunteer: "小组志愿者" / "Group volunteer",
    no_free_volunteer: "本村没有空闲的在任志愿者：请先在花名册（5）新增志愿者。" / "No free active volunteer in this village: add one on the rosters (5) first.",
    g_stepped_down: "! {} 的志愿者已卸任：按 V 指定新志愿者" / "! {}: the volunteer stepped down; V gives the group a new one",
    form_sign: "签约" / "Sign a contract:",
    form_renew: "续签" / "Renew",
    form_end_contract: "解约" / "End contract",
    f_contract_end: "到期日" / "Ends on",
    signed: "已签约" / "Signed",
    renewed: "已续签至" / "Renewed until",
    contract_ended: "已解约，最后一天" / "Contract ended, last day",
    contract_until: "至 {}" / "until {}",
    contract_expiring: "（{} 天后到期，按 K 续签）" / " (ends in {} days; K renews)",
    no_team_to_sign: "本乡镇还没有家庭医生团队：请先在花名册（5）新增。" / "The township has no family-doctor team yet: add one on the rosters (5).",
    no_current_contract: "此人没有有效签约：按 K 签约。" / "No valid contract: K signs one.",
    k_contract: "签约 / 续签家庭医生" / "sign / renew a family-doctor contract",
    k_end_contract: "提前解约（写明原因）" / "end the contract early (with a reason)",
    s_contracts: "签约到期" / "Contracts expiring",
    k_renew: "续签所选签约" / "renew the selected contract",
    c_days_left: "剩余天数" / "Days left",
    c_none: "30 天内没有到期的签约。" / "No contract ends within 30 days.",
    c_keys: "Enter 打开居民  n 续签  Esc 返回" / "Enter opens the resident  n renews  Esc back",
    handover_done: "已交接：{}交给{}" / "Handed over: {} to {}",
    role_team: "家医团队" / "doctor team",
    role_volunteer: "志愿者" / "volunteer",
    all_villages: "全部村" / "all villages",
    all_grids: "全部网格" / "all grids",
    all_workers: "全部负责人" / "all workers",
    n_grids: "{}个网格" / "{} grids",
    pick_hint: "输入名称或拼音首字母" / "type a name or pinyin initials",
    pick_keys: "上下键 选择  Enter 确定  Esc 取消" / "Up/Down choose  Enter pick  Esc cancel",
    help_scroll: "j/k 滚动" / "j/k scroll",
    f_date: "日期" / "Date",
    f_mode: "方式" / "Mode",
    f_sbp: "收缩压" / "Systolic",
    f_dbp: "舒张压" / "Diastolic",
    f_hr: "心率" / "Heart rate",
    f_fpg: "空腹血糖" / "Fasting glucose",
    f_weight: "体重" / "Weight",
    f_adherence: "服药依从性" / "Adherence",
    f_adverse: "药物不良反应" / "Adverse reaction",
    f_complication: "并发症" / "Complication",
    f_emergency: "危急症状" / "Emergency symptoms",
    f_notes: "备注" / "Notes",
    f_outcome: "联系结果" / "Outcome",
    f_call_again: "再次联系日期" / "Call again on",
    f_reason: "原因" / "Reason",
    f_name: "姓名" / "Name",
    f_phone: "电话" / "Phone",
    f_lives_alone: "独居无人照料" / "Lives alone, no carer",
    f_disabled: "残疾" / "Disabled",
    f_ill: "重病" / "Seriously ill",
    f_plan: "一人一策" / "Care plan",
    f_address: "地址" / "Address",
    f_tier: "星级" / "Tier",
    f_height: "身高(cm)" / "Height (cm)",
    f_smoking: "吸烟" / "Smoking",
    f_drinking: "饮酒" / "Drinking",
    f_exercise: "运动(分钟/周)" / "Exercise min/wk",
    f_salt: "摄盐" / "Salt intake",
    f_next_visit: "下次随访日期" / "Next visit",
    f_visited_by: "随访人" / "Visited by",
    sec_visit: "随访" / "Visit",
    sec_symptoms: "症状" / "Symptoms",
    sec_signs: "体征" / "Signs",
    sec_lifestyle: "生活方式指导" / "Lifestyle",
    sec_tests: "辅助检查" / "Tests",
    sec_medication: "服药与本次分类" / "Medication and result",
    sec_medicines: "用药情况" / "Medicines",
    sec_referral: "转诊" / "Referral",
    sec_next: "下次随访" / "Next visit",
    f_htn_symptoms: "高血压症状" / "BP symptoms",
    f_dm_symptoms: "糖尿病症状" / "Diabetes symptoms",
    f_symptoms_other: "其他症状" / "Other symptoms",
    f_weight_target: "目标体重" / "Target weight",
    f_other_signs: "其他体征" / "Other signs",
    f_foot_pulse: "足背动脉搏动" / "Foot pulse",
    f_cigarettes: "日吸烟量(支)" / "Cigarettes a day",
    f_cigarettes_target: "目标吸烟量" / "Target cigarettes",
    f_alcohol: "日饮酒量(两)" / "Alcohol (liang)",
    f_alcohol_target: "目标饮酒量" / "Target alcohol",
    f_ex_times: "运动(次/周)" / "Exercise times/wk",
    f_ex_minutes: "运动(分钟/次)" / "Exercise min/time",
    f_ex_times_target: "目标(次/周)" / "Target times/wk",
    f_ex_minutes_target: "目标(分钟/次)" / "Target min/time",
    f_salt_target: "目标摄盐" / "Target salt",
    f_staple: "主食(克/天)" / "Staple (g/day)",
    f_staple_target: "目标主食" / "Target staple",
    f_psychology: "心理调整" / "Psychology",
    f_compliance: "遵医行为" / "Following advice",
    f_hba1c: "糖化血红蛋白%" / "HbA1c %",
    f_hba1c_on: "糖化检查日期" / "HbA1c tested on",
    f_other_tests: "其他检查" / "Other tests",
    f_adverse_what: "不良反应为" / "The reaction",
    f_hypoglycaemia: "低血糖反应" / "Hypoglycaemia",
    f_drug: "药物" / "Drug",
    f_ref_facility: "转诊机构" / "Refer to facility",
    f_ref_department: "转诊科别" / "Department",
    not_checked: "未查" / "not checked",
    symptoms_hint: "编号，如 26；1 无症状" / "numbers, e.g. 26; 1 none",
    symptoms_bad: "症状写表上的编号 1–9，如 26（头痛头晕、心悸胸闷），或留空" / "write symptoms as the form's numbers 1-9, e.g. 26 (headache, palpitations), or leave it empty",
    drug_hint: "如 aldp 1 5mg" / "e.g. aldp 1 5mg",
    last_target: "上次目标 {}" / "goal {}",
    drug_unchanged: "不变" / "unchanged",
    drug_changed: "改量（原 {}）" / "changed (was {})",
    drug_stopped: "停用 {}" / "stopped: {}",
    drug_added: "新增" / "added",
    drug_completes: "→ {}" / "→ {}",
    kf_section: "下一部分 / 上一部分（随访表：症状、体征、生活方式……）" / "next / previous section (follow-up: symptoms, signs, lifestyle …)",
    kf_digit: "在选项上：选表上该编号的一项（如 摄盐 1 轻 2 中 3 重）" / "on a choice: the option of that number on the paper (salt 1 light 2 medium 3 heavy)",
    kf_drug: "用药行：Enter 确认不变；改写即改量；Ctrl-U 清空即停用；末行新增，药名可用拼音首字母补全" / "a drug line: Enter confirms it unchanged; retype to change the dose; Ctrl-U empties it (stopped); the last line adds one, the name completed from pinyin initials",
    unasked: "未问" / "not asked",
    visited_by_operator: "（空：操作员本人）" / "(empty: the operator)",
    too_long: "不超过 {} 个字" / "at most {} characters",
    call_again_after_due: "晚于截止日 {}，到期仍算逾期" / "past deadline {}: overdue then",
    confirm_removal: "确认移出管理？再按 Ctrl-S 确认" / "Remove? Press Ctrl-S again to confirm",
    discard_typed: "已输入的内容尚未保存：再按 Esc 放弃，Ctrl-S 保存，其他键继续填写" / "What you typed is not saved: Esc again discards it, Ctrl-S saves it, any other key goes on",
    removal: "移出" / "removed",
    f_undo: "撤销" / "Undo",
    form_undo: "撤销移出，恢复管理" / "Undo removal, resume management",
    undone: "已撤销移出" / "Removal undone",
    nothing_to_undo: "此人没有可撤销的移出。" / "Nothing to undo: no removal recorded.",
    k_undo: "撤销移出（恢复管理）" / "undo removal (resume management)",
    h_hr: "心率" / "HR",
    h_weight: "体重" / "wt",
    h_height: "身高" / "ht",
    h_smoking: "吸烟" / "smokes",
    h_no_smoking: "不吸烟" / "no smoking",
    h_drinking: "饮酒" / "drinks",
    h_no_drinking: "不饮酒" / "no drinking",
    h_exercise: "运动{}分钟/周" / "exercise {} min/wk",
    h_salt: "盐" / "salt",
    h_next: "下次" / "next",
    h_by: "随访人" / "by",
    h_undone: "已撤销 {}" / "undone {}",
    form_visit: "记录随访" / "Record a visit",
    form_outcome: "记录联系结果" / "Record a contact outcome",
    form_resident: "修改居民信息" / "Edit resident",
    form_phone: "更正电话" / "Correct the phone number",
    form_household: "修改家庭信息" / "Edit household",
    form_tier: "调整星级" / "Override tier",
    form_end: "结束管理" / "End management",
    ended: "已结束管理" / "Management ended",
    form_print: "打印任务单" / "Print task list",
    form_print_record: "打印随访记录表" / "Print the follow-up forms",
    f_year: "年份" / "Year",
    fmt_pdf_form: "PDF（A4）" / "PDF (A4)",
    k_print_record: "打印此患者本年的随访记录表（高血压、糖尿病）" / "print this patient's follow-up forms of the year (hypertension, diabetes)",
    f_format: "格式" / "Format",
    f_period: "周期" / "Period",
    f_file: "文件" / "File",
    fmt_pdf: "PDF（A4 横向）" / "PDF (A4 landscape)",
    fmt_txt: "纯文本" / "Plain text",
    fmt_terminal_ssh: "本机打印机 (经 SSH 终端)" / "Local printer (via SSH terminal)",
    fmt_terminal: "本机打印机 (经终端)" / "Local printer (via the terminal)",
    printed_terminal: "已发送到{}：{} 张任务单，{} 行" / "Sent to the {}: {} sheet(s), {} row(s)",
    print_multiplexer: "gridcare 运行在 {} 中，它不把打印码转给您的终端：未发送任何内容。请在 {} 之外打印，或选文本文件再打印该文件。" / "gridcare runs inside {}, which does not pass the printer codes to your terminal: nothing was sent. Print outside {}, or choose a text file and print that.",
    this_week: "本周" / "This week",
    this_month: "本月" / "This month",
    printed: "已打印到" / "Printed to",
    print_scope: "{}（按当前筛选）" / "{} (with the current filters)",
    whole_township: "全乡镇各网格员" / "every grid worker of the township",
    each_worker_of: "{}各网格员" / "every grid worker of {}",
    form_keys: "Tab 下一项  左右键 选择  Ctrl-S 保存  Esc 取消  F1 按键" / "Tab next  Left/Right choose  Ctrl-S save  Esc cancel  F1 keys",
    print_form_keys: "Tab 下一项  左右键 选择  Ctrl-S 打印  Esc 取消  F1 按键" / "Tab next  Left/Right choose  Ctrl-S print  Esc cancel  F1 keys",
    preview: "结果" / "Result",
    saved: "已保存" / "Saved",
    cancelled: "已取消，未保存。" / "Cancelled; nothing saved.",
    yes: "是" / "yes",
    no: "否" / "no",
    no_override: "不调整" / "none",
    must_be_number: "请输入数字" / "enter a number",
    must_be_date: "请按 YYYY-MM-DD 填写日期" / "write the date as YYYY-MM-DD",
    needed: "必填" / "required",
    reason_needed: "调整星级须写明原因" / "an override needs a reason",
    not_a_patient: "此人不是慢病管理对象，不能记录随访。" / "Not a chronic patient: no follow-up to record.",
    select_task: "请先选择一条任务或打开一位居民。" / "Select a task or open a resident first.",
    select_member: "请先在成员列表中选择一位成员。" / "Select a member in the member list first.",
    k_quit: "退出" / "quit",
    k_back: "返回上一步" / "back one step",
    k_leave: "回到今日；在今日时退出" / "to Today; on Today, quit",
    k_screens: "切换页面" / "switch screen",
    k_move: "上下移动" / "move",
    k_top_bottom: "到顶/到底" / "top/bottom",
    k_page: "翻半页" / "half page",
    k_pane: "切换窗格" / "next pane",
    k_tabs: "切换周期" / "switch cadence",
    k_open: "打开" / "open",
    k_search: "查找" / "find",
    k_help: "按键说明（表单中：F1，或在数字、日期、选项栏按 ?）" / "keys (in a form: F1, or ? in a number, date or choice field)",
    kf_next: "下一项；在最后一项按 Enter 即保存" / "next field; Enter on the last field saves",
    kf_prev: "上一项" / "previous field",
    kf_choose: "选项栏：换一个选项" / "choice field: another option",
    kf_type_choice: "选项栏：输入文字或拼音首字母选中" / "choice field: type part of an option or its pinyin initials",
    kf_save: "保存" / "save",
    kf_print: "打印" / "print",
    kf_cancel: "取消；已输入内容时再按一次才放弃" / "cancel; with something typed, press again to discard it",
    kf_clear: "清空此项 / 删到行尾" / "clear the field / delete to its end",
    kf_comma: "数字栏：结束本项，到下一项（165，95）" / "number field: ends it and moves on (165,95)",
    kf_newline: "备注栏：换行" / "notes field: new line",
    kf_help: "本说明：F1 随处可用；? 只在数字、日期、电话、身份证号和选项栏打开它（姓名、地址、备注里 ? 照常输入）；任意键回到表单，已填内容不变" / "this help: F1 anywhere; ? only in number, date, phone, ID number and choice fields (in a name, address or notes ? is typed); any key returns to the form as it was",
    k_record: "记录随访" / "record visit",
    k_outcome: "联系结果" / "contact outcome",
    k_filter_village: "按村筛选（可输入查找）" / "filter village (type to find)",
    k_filter_colour: "按颜色筛选" / "filter colour",
    k_filter_tier: "按星级筛选" / "filter tier",
    k_filter_status: "按状态筛选" / "filter status",
    k_filter_worker: "按负责人筛选（可输入查找）" / "filter worker (type to find)",
    k_filter_grid: "按网格筛选（可输入查找）" / "filter grid (type to find)",
    k_filter_clear: "清除筛选" / "clear filters",
    k_edit: "修改" / "edit",
    k_override: "调整星级" / "override tier",
    k_scope: "切换乡镇" / "switch township",
    colon: "：" / ": ",
    scope: "范围" / "Scope",
    switched: "已切换到" / "Now working on",
    note: "注意" / "note",
    read_only_mark: "只读" / "READ-ONLY",
    saving_wait: "正在等待其他用户完成保存…" / "Waiting for another user to finish saving…",
    refreshed: "已更新：显示其他用户刚保存的内容" / "Updated with what other users just saved",
    k_lock: "锁屏" / "lock the screen",
    k_switch_operator: "切换操作员" / "switch operator",
    login_title: "登录" / "sign in",
    locked_title: "已锁屏" / "locked",
    login_name: "操作员：" / "Operator:",
    login_pin: "PIN：" / "PIN:",
    login_hint: "Tab 切换输入框；Enter 登录；Ctrl-C 退出" / "Tab next field; Enter sign in; Ctrl-C quit",
    locked_hint: "输入 PIN 后按 Enter 解锁；Esc 换人登录" / "Type the PIN and press Enter to unlock; Esc to sign in as someone else",
    signed_in: "已登录：" / "Signed in: ",
    login_need_name: "请先输入操作员姓名" / "Type the operator's name first",
    no_lock: "没有操作员，无法锁屏；请先用 gridcare operator add 添加" / "No operators to unlock with; add one with gridcare operator add",
    scope_title: "选择乡镇" / "Choose a township",
    residents_n: "人" / "residents",
    k_end: "结束管理：死亡、迁出、转出（所选成员）" / "end management: died, moved, transferred (selected member)",
    k_print: "打印任务单" / "print task sheets",
    k_import: "从表格导入（先预览，确认后才写入）" / "import a spreadsheet (a preview first; nothing is written before you confirm)",
    form_import: "从表格导入" / "Import a spreadsheet",
    f_import_kind: "导入内容" / "What",
    f_skip_bad: "跳过有误的行" / "Skip bad rows",
    f_create_places: "新建未知村和网格" / "Create unknown villages and grids",
    f_import_map: "列名对应" / "Map columns",
    import_file_hint: "{}.csv 或 .xlsx（相对路径从当前目录起）" / "{}.csv or .xlsx (relative to the current directory)",
    import_preview: "导入预览" / "Import preview",
    import_checked: "已检查，尚未写入任何内容" / "Checked; nothing written yet",
    import_confirm: "Ctrl-S 或 Enter 导入；Esc 取消，不写入任何内容。" / "Ctrl-S or Enter imports; Esc cancels and writes nothing.",
    import_rejects_to: "有误的 {} 行将写入 {}" / "the {} bad rows will go to {}",
    import_refused: "有误的行且未选“跳过有误的行”：不会导入任何内容。改正文件后再导入，或选“跳过有误的行”。按任意键关闭。" / "Bad rows and \"skip bad rows\" is off: nothing will be imported. Fix the file and import it again, or skip bad rows. Any key closes.",
    import_cancelled: "已取消导入，未写入任何内容。" / "Import cancelled; nothing written.",
    import_not_saved: "未导入：数据在预览后有变化，见报告。" / "Not imported: the data changed since the preview; see the report.",
    k_household: "打开所在家庭" / "open household",
    years: "{}岁" / "{}y",
    tier_label: "{}星" / "T{}",
    late_days: "{}天" / "{}d",
    late_periods: "{}期" / "{}p",
    not_after_today: "不能晚于今天 {}" / "cannot be after today, {}",
    out_of_range: "应在 {}–{} 之间" / "must be {}–{}",
    sbp_above_dbp: "收缩压须高于舒张压" / "systolic must be above diastolic",
    not_classified: "不分类（缺{}）" / "not classified ({} missing)",
    reading_missing: "{}未测，{}本次不分类" / "{} not measured, {} not classified this time",
    after_visit_date: "须晚于联系日期" / "must be after the visit date",
    reason_age: "{}岁 -> 年度健康体检" / "age {} -> yearly health check",
    reason_referral: "{} 转诊 -> 两周内随访" / "referred {} -> follow up within 2 weeks",
    reason_plan_missing: "独居老人，尚无一人一策 -> 制定计划" / "lonely elder, no care plan -> write one",
    reason_plan_undated: "一人一策未定复核日期 -> 重新制定" / "care plan has no review date -> write it again",
    reason_plan_review: "一人一策 {} 复核 -> 修订计划" / "care plan review on {} -> revise it",
    k_care_plan: "一人一策" / "care plan",
    form_care_plan: "一人一策" / "Care plan",
    f_review: "复核日期" / "Review on",
    plan_dates: "（{} 制定，{} 复核）" / " (written {}, review {})",
    plan_saved: "已保存一人一策，{} 复核" / "Care plan saved; review on {}",
    plan_no_outcome: "一人一策任务要写好计划才算完成：按 L 或 r" / "A care-plan task is done by writing the plan: press L or r",
    select_resident: "请先选择一位居民" / "Select a resident first",
    facts_rosters: "现有：{} 个村，{} 个网格，{} 户，{} 名居民。" / "Now: {} villages, {} grids, {} households, {} residents.",
    facts_groups: "现有：{} 名志愿者带组。" / "Now: {} volunteers lead groups.",
    c_lonely: "独居老人" / "lonely elder",
    c_ill: "重病" / "seriously ill",
    c_disabled: "残疾" / "disabled",
    c_chronic: "慢病" / "chronic",
    c_elder: "65岁以上" / "65+",
    c_child: "6岁以下" / "under 6",
    k_regroup: "重新分组方案（谁从哪组调到哪组）" / "proposed regrouping (who moves from which group to which)",
    k_apply_groups: "应用分组方案" / "apply the regrouping",
    k_move_group: "调组：标记患者，选组后再按 m" / "move: mark a patient, pick a group, m again",
    k_swap_group: "互换：标记患者，选另一人后再按 s" / "swap: mark a patient, pick another, s again",
    k_village: "换村" / "another village",
    g_group: "小组" / "Group",
    g_size: "人数/目标" / "n/target",
    g_size_short: "人数" / "n",
    already_left: "{}已离任或卸任" / "{} has already left",
    select_leaver: "X 用于人员离任或志愿者卸任：请在人员窗格选择一位在职人员或在任志愿者。" / "X is for a person leaving or a volunteer stepping down: select an active person or volunteer on the people pane.",
    plan_filters: "本周计划只按村/网格/负责人筛选（v n w）" / "Plans filter by village, grid, worker only (v n w)",
    period_not_begun: "{} 尚未开始（截至 {}），没有数据" / "{} has not begun (as of {}): no figures yet",
    g_overdue: "逾期" / "late",
    g_next_due: "下次到期" / "next due",
    g_no_groups: "本村还没有小组：按 P 生成方案" / "No groups yet: P proposes them",
    g_plan: "分组方案：{} 人调动，Enter 或 Ctrl-S 应用，Esc 放弃" / "Plan: {} moves; Enter or Ctrl-S applies, Esc drops it",
    g_plan_empty: "无需调整：每名患者都在有效的小组中" / "Nothing to change: every patient is in a valid group",
    g_applied: "已应用分组方案" / "Regrouping applied",
    g_marked: "已标记 {}：光标在左侧小组，j/k 选组按 m 调入；Tab 回成员按 s 互换" / "Marked {}: on the groups now, j/k and m moves; Tab back, s swaps",
    g_marked_swap: "已标记 {}：选另一组的患者再按 s 互换（同户的人一起）" / "Marked {}: pick a patient of another group and press s to swap (households go along)",
    g_moved: "已把{}调入{}" / "Moved {} to {}",
    g_moved_household: "已把{}调入{}（同户共 {} 人一并调入，§5）" / "Moved {} to {} (with their household: {} patients, §5)",
    g_swapped: "已互换{}和{}的小组" / "Swapped the groups of {} and {}",
    g_swapped_households: "已互换小组：{}家 {} 人与{}家 {} 人（同户的人在同一组）" / "Swapped groups: {}'s household ({} patients) and {}'s ({}), households stay together",
    g_new_group: "新组{}" / "new group {}",
    r_resident: "居民" / "Resident",
    r_to: "转往" / "To",
    r_from: "转出机构" / "From",
    f_ref_reason: "转诊原因" / "Refer because",
    form_send_referral: "转诊" / "Refer",
    k_send_referral: "转诊（转往、原因、缓急、日期）" / "refer (to, reason, urgency, date)",
    r_urgency: "缓急" / "Urgency",
    r_sent: "转出日期" / "Sent",
    r_days: "等待天" / "Days",
    r_state: "状态" / "State",
    r_no_reply: "超过 {} 天未接收：{} 条（最早的在前）" / "No reply after {} days: {} (oldest first)",
    r_open: "其他未结转诊：{} 条" / "Other open referrals: {}",
    r_no_return: "接收后超过 {} 天未下转：{} 条（最早的在前）" / "Received, not returned after {} days: {} (oldest first)",
    r_flag_no_reply: "未接收" / "no reply",
    r_flag_no_return: "未下转" / "not returned",
    r_received: "接收日期" / "Received",
    r_returned: "下转日期" / "Returned",
    r_closed: "结案日期" / "Closed",
    r_reason: "转诊原因" / "Reason",
    r_none: "  没有未结的转诊" / "  No open referrals",
    r_keys: "Enter 居民  R 接收  D 下转  C 结案  ? 帮助" / "Enter resident  R received  D returned  C close  ? help",
    referral_sent: "；已转诊（第 {} 号）" / "; referral {} sent",
    f_advice: "下转意见" / "County advice",
    f_referral_outcome: "结果" / "Outcome",
    form_receive: "登记接收" / "Received",
    form_return: "登记下转" / "Returned down",
    form_close: "结案" / "Close",
    k_receive: "登记转诊已接收（日期）" / "record the referral received (date)",
    k_return_down: "登记下转（日期与县医院意见）" / "record returned down (date and advice)",
    k_close_referral: "结案（日期与结果）" / "close the referral (date and outcome)",
    g_keys: "←→ 换村  Tab 组/成员  P 方案  m 调组  s 互换  V 换志愿者  p 打印" / "<-> village  Tab pane  P plan  m move  s swap  V volunteer  p print",
    g_keys_worker: "←→ 换村  Tab 组/成员  p 打印（网格员只读）" / "<-> village  Tab pane  p print (grid worker: read-only)",
    rep_keys: "↑↓ 行  ←→ 指标  Enter 明细  f 范围  Y/Q/M 年/季/月  [ ] 上/下期  C 抽查" / "Up/Down row  <-> figure  Enter who  f scope  Y/Q/M year/qtr/month  [ ] period  C spot check",
    r_village: "村" / "Village",
    r_total: "全乡合计" / "Township",
    r_as_of: "截至 {}" / "as of {}",
    r_trend: "{}：{} 年逐月趋势（年初至月末）" / "{}: {} by month, year to date",
    r_drill: "{}（{}）：{}" / "{} ({}): {}",
    r_counted: "计入" / "counted",
    r_not_counted: "未计入" / "not counted",
    r_drill_keys: "↑↓ 选择  Enter 打开  Esc 关闭" / "Up/Down choose  Enter open  Esc close",
    r_drill_all: "显示全部 {} 人，计入的在前  ←→ 只看计入/未计入" / "All {} shown, the counted first  Left/Right: only counted / not",
    r_drill_counted: "只显示计入的 {} 人  ←→ 未计入/全部" / "Only the {} counted  Left/Right: not counted / all",
    r_drill_not: "只显示未计入的 {} 人  ←→ 全部/计入" / "Only the {} not counted  Left/Right: all / counted",
    r_why: "：{}" / ": {}",
    r_nobody: "无人" / "nobody",
    r_township: "全乡" / "Whole township",
    r_pick_scope: "统计范围" / "Report on",
    k_report_scope: "统计范围：全乡、村、网格、网格员或家医团队" / "report on: township, village, grid, grid worker or doctor team",
    k_spot_check: "真实性核查：随机抽取本范围 30 名在管患者（XLSX、PDF）" / "spot check: draw 30 managed patients of the scope at random (XLSX, PDF)",
    spot_title: "真实性核查抽样 · {} · 种子 {}" / "Spot check · {} · seed {}",
    spot_drawn: "在管患者 {} 人中抽取 {} 人，种子 {}" / "{} managed patients, {} drawn at random, seed {}",
    spot_again: "同一样本可再次抽取：gridcare report --spot-check {} --seed {}" / "Draw the same sample again: gridcare report --spot-check {} --seed {}",
    spot_wrote: "已写入 {}" / "wrote {}",
    spot_failed: "未能写入 {}" / "could not write {}",
    spot_no_followup: "无随访记录" / "no follow-up recorded",
    r_estimate: "估计患者 {} = 成年居民 {} × {}%（患病率见设置）" / "estimated patients {} = adult residents {} × {}% (prevalence setting)",
    k_report_period: "按年 / 季 / 月统计" / "report by year / quarter / month",
    k_report_step: "上一期 / 下一期" / "previous / next period",
    k_report_figure: "选择指标（趋势图随之变化）" / "choose the figure (the trend follows)",
    k_report_drill: "该数字背后的居民；再按 Enter 打开居民" / "the residents behind the figure; Enter again opens one",
    tab_plan: "本周计划" / "This week",
    tab_all: "全部" / "All",
    plan_team: "医生团队" / "team",
    plan_overdue: "逾期必做" / "overdue: required",
    plan_red: "红码必做" / "red: required",
    plan_weekly: "每周必访" / "weekly visit",
    plan_dated: "{}前到期" / "due by {}",
    plan_share: "{}剩余 {} 周, 本周安排 {} 户中的 {} 户" / "{}, weeks left: {}; households: {}, this week: {}",
    plan_carried: "前周计划未完成" / "carried over from an earlier week",
    plan_household: "同户一并安排" / "with the rest of its household",
    plan_by_hand: "手动加入" / "added by hand",
    plan_added: "计划后新增（必做）" / "new since the plan was made (required)",
    plan_moved_in: "调入" / "moved in",
    plan_moved_out: "调出" / "moved out",
    plan_load: "计划 {} 次 / 能力 {} 次" / "planned {} of {} visits",
    plan_over: "，超出 {} 次" / ", over by {}",
    plan_within: "，未超出" / ", within capacity",
    plan_deferred: "，能力所限 {} 户顺延" / "; left to later weeks by capacity: {} households",
    plan_not_stored: "（只读，未保存）" / " (read-only, not stored)",
    plan_none: "本周无计划任务" / "nothing planned this week",
    plan_pick_worker: "按 w 选择网格员或团队；未选时按人分组显示全乡镇" / "w picks a grid worker or team; without one the township is shown per worker",
    plan_move_title: "调整本周计划" / "Move in or out of this week",
    plan_move_in_q: "调入本周" / "Move into this week",
    plan_move_out_q: "调出本周" / "Move out of this week",
    plan_reason: "原因" / "Reason",
    plan_moved_saved: "已调整本周计划" / "Plan changed",
    plan_replan_title: "重新安排本周计划" / "Re-plan this week",
    plan_replan_leave: "将移出本周" / "Would leave this week",
    plan_replan_join: "将加入本周" / "Would join this week",
    plan_replan_none: "重新安排不会改变任何任务" / "Re-planning moves nothing",
    plan_replan_confirm: "按 Enter 或 Ctrl-S 重新安排，Esc 取消" / "Enter or Ctrl-S re-plans, Esc cancels",
    plan_replanned: "已重新安排本周计划" / "Week re-planned",
    plan_on_sheet: "本周计划" / "This week's plan",
    plan_select_task: "请先在本周计划中选择任务" / "Select a task of the plan first",
    k_plan_move: "把所选任务调入或调出本周（需写原因）" / "move the selected task into or out of this week (with a reason)",
    k_plan_replan: "重新安排本周计划（先显示变动）" / "re-plan this week (shows what would move first)",
    // the audit log in words (issue 15 item 3, §10)
    k_history: "变更记录（谁在何时改了什么）" / "change history (who changed what, when)",
    history_title: "变更记录 · {}" / "Change history · {}",
    history_none: "没有变更记录。" / "No changes recorded.",
    // unsaved work kept as a draft (issue 15 item 5)
    draft_title: "未保存的草稿" / "Unsaved draft",
    draft_offer: "有未保存的草稿：{}（{}）" / "An unsaved draft: {} ({})",
    draft_keys: "Enter 恢复 / d 丢弃 / 其他键 以后再说" / "Enter restore / d discard / any other key: later",
    draft_restored: "草稿已恢复：请核对后按 Ctrl-S 保存" / "Draft restored: check it, then Ctrl-S to save",
    draft_discarded: "草稿已丢弃" / "Draft discarded",
    draft_later: "草稿已保留，下次启动时再提示" / "Draft kept; offered again at the next start",
    // issue 29 item 4: a printed batch keyed in from the queue (K)
    k_key_in: "录入打印的任务单（按编号逐行）" / "key in a printed batch of sheets (row by row, by code)",
    form_key_in: "录入任务单" / "Key in sheets",
    f_batch: "批次" / "Batch",
    f_key_outcome: "结果或编号" / "Outcome or code",
    key_in_help: "1已访 2不在家 3来院 4再联系 5移除；编号跳行；回车跳过" / "1 visited 2 not home 3 clinic 4 call again 5 removed; a code jumps; Enter skips",
    key_in_saved: "✓ {} {} {}（批次 {}：已录 {} 行，剩 {} 行）" / "✓ {} {} {} (batch {}: {} keyed, {} left)",
    key_in_outcome: "写结果 1–5（1已访 2不在家 3来院 4再联系 5移除）或一行的编号（如 W48-0003）" / "Type an outcome 1-5 (1 visited 2 not home 3 clinic 4 call again 5 removed) or a row's code (e.g. W48-0003)",
    key_in_counts: "已录 {} · 跳过 {} · 剩 {}" / "keyed {} · skipped {} · left {}",
    key_in_skipped: "跳过 {}" / "skipped {}",
    key_in_done: "批次 {}：已录 {} 行，跳过 {} 行，剩 {} 行" / "batch {}: {} keyed, {} skipped, {} left",
    recheck_suggested: "建议复查（志愿者血压偏高）" / "re-check suggested (volunteer's high BP)",
    recheck_title: "建议复查" / "Re-check suggested",
    recheck_more: "；另 {} 人" / "; {} more",
    kf_key_in_enter: "在任一格：保存这一行并打开下一行；这一行没写任何东西时：跳过" / "in any box: saves the row and opens the next; on an untouched row: skips it",
    kf_key_in_outcome: "结果（1已访 2不在家 3来院 4再联系 5移除），或一行的编号：跳到那一行" / "the outcome (1 visited 2 not home 3 clinic 4 call again 5 removed), or a row's code: go to that row",
    key_in_keys: "Enter 保存/跳过  Tab 下一格  Esc 结束  F1 按键" / "Enter save/skip  Tab next box  Esc stop  F1 keys",
    key_in_none: "还没有打印过任务单：先按 p 打印" / "No sheets printed yet: p prints them",
    draft_gone: "草稿的居民或家庭已不在名单中（已移除，或在其他乡镇）：按 d 丢弃，或按 S 切换乡镇后重启" / "The draft's resident or household is no longer listed (removed, or in another township): d discards it, or switch township with S and start again",
    // health education and points (issue 32)
    points_line: "健康积分 {} 分" / "Health points {}",
    points_latest: "最近" / "latest",
    f_push: "健康知识宣传" / "Health push given",
    f_push_topic: "宣传主题" / "Push topic",
    s_events: "健康教育活动" / "Health education events",
    ev_date: "日期" / "Date",
    ev_kind: "类别" / "Kind",
    ev_topic: "主题" / "Topic",
    ev_place: "地点" / "Place",
    ev_came: "人数" / "Came",
    ev_id_tail: "身份证尾号" / "ID tail",
    ev_visitor: "外来" / "visitor",
    ev_none: "还没有健康教育活动：按 a 记录一次（或 gridcare event add）。" / "No health education events yet: a records one (or gridcare event add).",
    ev_nobody: "这次活动还没有签到的人。" / "Nobody has been taken onto this event's list yet.",
    ev_keys: "a 新活动  t 签到  Enter 名单  p 签到表  Esc 返回" / "a new  t take one  Enter who came  p sheet  Esc back",
    k_signin: "打印所选活动的签到表（PDF）" / "print the selected event's sign-in sheet (PDF)",
    ev_sheet_written: "签到表（{} 人）已写入 {}" / "Sign-in sheet ({} names) written to {}",
    // issue 30 item 3: screen 9, the county table
    s_county: "县域总览" / "County",
    k_county_screen: "县域总览：各乡镇的数字" / "the county table: every township's figures",
    k_county_drill: "进入所选：乡镇→村→网格→人员" / "drill into the selected: township, village, grid, people",
    k_county_up: "回到上一级" / "back up one level",
    cty_county: "全县" / "County",
    cty_township: "乡镇" / "Township",
    cty_residents: "居民" / "Residents",
    cty_open: "未完成" / "Open",
    cty_overdue: "逾期" / "Overdue",
    cty_red: "红" / "Red",
    cty_total: "合计" / "All",
    cty_none: "数据库中还没有乡镇。" / "No township in the database yet.",
    cty_not_yours: "县域总览供协调员和县级账号查看" / "The county table is for a coordinator or a county account",
    cty_keys_townships: "Enter 看该乡镇各村  ? 帮助" / "Enter shows the township's villages  ? help",
    cty_keys_villages: "Enter 看该村各网格  Esc 回到各乡镇" / "Enter shows the village's grids  Esc back to the townships",
    cty_keys_grids: "Enter 看该网格的人  Esc 回到各村" / "Enter lists the grid's people  Esc back to the villages",
    ev_people_keys: "t 签到  Enter 打开居民  Esc 返回活动列表" / "t take one  Enter opens the resident  Esc back",
    // issue 32 rest: the events screen's forms, education counts, row codes
    k_event_add: "记录一次健康教育活动（讲座、咨询、宣传）" / "record a health education event (lecture, consultation, push)",
    k_attend: "签到：按拼音首字母、姓名或身份证尾号加入参加者，或写外来人员姓名" / "take who came: by pinyin, name or ID tail, or a visitor's name",
    form_event: "记录健康教育活动" / "Record a health education event",
    ev_held_by: "举办单位" / "Held by",
    ev_centre: "乡镇卫生院" / "township health centre",
    ev_speaker: "主讲人" / "Speaker",
    ev_no_speaker: "（不填）" / "(none)",
    ev_saved: "活动 {} 已记录：{} {} {}；按 t 签到" / "Event {} recorded: {} {} {}; t takes who came",
    form_attend: "签到 · {} {}" / "Who came · {} {}",
    ev_who: "参加者" / "Attendee",
    ev_who_hint: "拼音首字母、姓名或身份证尾号" / "pinyin initials, name or ID tail",
    ev_visitor_name: "外来人员姓名" / "Visitor (outside)",
    ev_attended: "{} 签到：+{} 分，余额 {} 分" / "{} came: +{} points, balance {}",
    ev_visitor_came: "{}（外来人员）计入人数，不登记、不计分" / "{} (visitor) counted, not registered, no points",
    ev_select_event: "请先选择一次活动（或按 a 记录一次）" / "Select an event first (or a records one)",
    s_education: "健康教育统计" / "Health education counts",
    edu_unit: "单位" / "Unit",
    edu_lectures: "讲座/应办" / "Lectures/norm",
    edu_consultations: "咨询/应办" / "Consults/norm",
    edu_came: "参加人次" / "Came",
    edu_pushed: "5星宣传/户" / "T5 pushed/of",
    edu_push_given: "已宣传" / "Pushed",
    edu_address: "住址" / "Address",
    edu_none: "这一项没有记录。" / "Nothing recorded for this figure.",
    edu_note: "应办：卫生院每年讲座12次、咨询9次，村卫生室讲座6次，按统计期折算" / "Norm a year: centre 12 lectures, 9 consultations; village clinic 6 lectures",
    edu_keys: "←→ 选指标  Enter 打开名单  Y/Q/M 年季月  [ ] 上下期  Esc 返回" / "Left/Right figure  Enter its list  Y/Q/M period  [ ] step  Esc back",
    edu_list_keys: "Esc 返回统计" / "Esc back to the counts",
    edu_household_keys: "Enter 打开家庭  Esc 返回统计" / "Enter opens the household  Esc back",
    k_edu_figure: "选择指标（讲座、咨询、参加人次、5星宣传）" / "pick a figure (lectures, consultations, came, T5 pushed)",
    k_edu_open: "打开所选指标的名单（活动或5星家庭）" / "open the selected figure's list (events or T5 households)",
}

/// Fills the `{}` of a catalogue template in order.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::new();
    let mut parts = template.split("{}");
    out.push_str(parts.next().unwrap_or(""));
    for (i, p) in parts.enumerate() {
        if let Some(a) = args.get(i) {
            out.push_str(&a.to_string());
        }
        out.push_str(p);
    }
    out
}

/// A tier as text of single-width characters: 3星 / T3 (★ is ambiguous-width).
pub fn tier(lang: Lang, t: crate::domain::tier::Tier) -> String {
    fill(strings(lang).tier_label, &[&t.number()])
}

/// Why a member puts a household in a tier (domain.md §2).
pub fn tier_cause(lang: Lang, c: crate::domain::tier::TierCause) -> &'static str {
    use crate::domain::tier::TierCause::*;
    let s = strings(lang);
    match c {
        LonelyElder => s.c_lonely,
        SeriouslyIll => s.c_ill,
        Disabled => s.c_disabled,
        Chronic => s.c_chronic,
        Elder => s.c_elder,
        Child => s.c_child,
    }
}

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// A catalogue label in `lang`, given the same label in either language (a
/// draft typed in one language and re-opened in the other); `None` for text
/// that is not a label (a name, a village, a figure).
pub fn relabel(text: &str, lang: Lang) -> Option<&'static str> {
    let to = strings(lang).all();
    [ZH.all(), EN.all()]
        .iter()
        .find_map(|from| from.iter().position(|(_, l)| *l == text))
        .map(|i| to[i].1)
}

/// A form's title in `lang`: "what · whom" with the label before " · " (or
/// the whole title) put into `lang` where it is a catalogue label.
pub fn retitle(title: &str, lang: Lang) -> String {
    match title.split_once(" · ") {
        Some((what, rest)) => match relabel(what, lang) {
            Some(what) => format!("{what} · {rest}"),
            None => title.to_string(),
        },
        None => relabel(title, lang).map_or_else(|| title.to_string(), str::to_string),
    }
}

pub fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    pick_str(lang, zh, en)
}

/// As `pick`, for text of any lifetime.
pub fn pick_str<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Zh { zh } else { en }
}

/// A staff role (§1).
pub fn staff_role(lang: Lang, r: StaffRole) -> &'static str {
    match r {
        StaffRole::GridWorker => pick(lang, "网格员", "grid worker"),
        StaffRole::VillageDoctor => pick(lang, "村医", "village doctor"),
        StaffRole::TownshipGp => pick(lang, "乡镇全科医生", "township GP"),
        StaffRole::CountySpecialist => pick(lang, "县级专科医生", "county specialist"),
        StaffRole::Nurse => pick(lang, "护士", "nurse"),
    }
}

/// An operator's role (issue 15): what they may see and change.
pub fn operator_role(lang: Lang, r: crate::domain::access::Role) -> &'static str {
    use crate::domain::access::Role;
    match r {
        Role::Coordinator => pick(lang, "协调员", "coordinator"),
        Role::Doctor => pick(lang, "村医", "village doctor"),
        Role::Worker => pick(lang, "网格员", "grid worker"),
        Role::County => pick(lang, "县级", "county"),
    }
}

/// A staff role in a list's column (9 cells).
pub fn staff_role_short(lang: Lang, r: StaffRole) -> &'static str {
    match r {
        StaffRole::GridWorker => pick(lang, "网格员", "worker"),
        StaffRole::VillageDoctor => pick(lang, "村医", "doctor"),
        StaffRole::TownshipGp => pick(lang, "乡镇全科", "GP"),
        StaffRole::CountySpecialist => pick(lang, "县专科", "specialist"),
        StaffRole::Nurse => pick(lang, "护士", "nurse"),
    }
}

/// Colour as text, so that it never depends on colour alone.
pub fn colour(lang: Lang, c: Colour) -> &'static str {
    match c {
        Colour::Red => pick(lang, "红", "Red"),
        Colour::Yellow => pick(lang, "黄", "Yellow"),
        Colour::Green => pick(lang, "绿", "Green"),
        Colour::Unassessed => pick(lang, "未评", "New"),
    }
}

pub fn status(lang: Lang, s: Status) -> &'static str {
    match s {
        Status::Overdue => pick(lang, "逾期", "overdue"),
        Status::Due => pick(lang, "待办", "due"),
        Status::Upcoming => pick(lang, "稍后", "later"),
        Status::Done => pick(lang, "已完成", "done"),
        Status::Removed => pick(lang, "已移出", "removed"),
    }
}

pub fn kind(lang: Lang, k: VisitKind) -> &'static str {
    match k {
        VisitKind::Household => pick(lang, "入户走访", "home visit"),
        VisitKind::Followup => pick(lang, "慢病随访", "follow-up"),
        VisitKind::YearlyCheck => pick(lang, "年度体检", "yearly check"),
        VisitKind::Recheck => pick(lang, "两周复查", "re-check"),
        VisitKind::ReferralFollowup => pick(lang, "转诊随访", "referral f/u"),
        VisitKind::CarePlan => pick(lang, "一人一策", "care plan"),
    }
}

/// Why an indicator counts a person or not, as its drill-down says it
/// (domain.md §8, issue 25 item 8): what the figure's rule found.
pub fn why_counted(
    lang: Lang,
    why: &crate::domain::indicators::Why,
    today: chrono::NaiveDate,
) -> String {
    use crate::domain::indicators::Why;
    let day = |d| short_date(d, today);
    match *why {
        Why::EveryQuarter(n) => fill(
            pick(
                lang,
                "{} 个季度均有随访",
                "a follow-up in each of {} quarters",
            ),
            &[&n],
        ),
        Why::NoFollowupIn(q) => fill(
            pick(lang, "{} 无完成的随访", "no follow-up done in {}"),
            &[&q.label()],
        ),
        Why::NoFpgIn(q) => fill(
            pick(lang, "{} 随访未测空腹血糖", "no FPG measured in {}"),
            &[&q.label()],
        ),
        Why::LastBp { sbp, dbp, on } => fill(
            pick(lang, "末次血压 {}/{}（{}）", "last BP {}/{} ({})"),
            &[&sbp, &dbp, &day(on)],
        ),
        Why::LastFpg { fpg, on } => fill(
            pick(lang, "末次空腹血糖 {}（{}）", "last FPG {} ({})"),
            &[&fpg, &day(on)],
        ),
        Why::NoReading(Condition::Diabetes) => {
            pick(lang, "无随访空腹血糖", "no follow-up FPG").into()
        }
        Why::NoReading(_) => pick(lang, "无随访血压", "no follow-up BP").into(),
        Why::Signed(true) => pick(lang, "已签约", "signed").into(),
        Why::Signed(false) => pick(lang, "未签约家庭医生", "no family-doctor team").into(),
        Why::Task {
            status: Status::Done,
            on,
        } => fill(pick(lang, "{} 已完成", "done {}"), &[&day(on)]),
        Why::Task { status, on } => fill(
            pick(lang, "{}（截止 {}）", "{} (due {})"),
            &[&self::status(lang, status), &day(on)],
        ),
        Why::Colour(c) => fill(pick(lang, "现为{}", "now {}"), &[&colour(lang, c)]),
        Why::Referred(on) => fill(pick(lang, "{} 上转", "referred {}"), &[&day(on)]),
        Why::Returned(on) => fill(pick(lang, "{} 下转", "returned {}"), &[&day(on)]),
        Why::ManagedFrom(on) => fill(pick(lang, "自 {} 在管", "managed from {}"), &[&day(on)]),
        Why::YearlyCheck(on) => fill(pick(lang, "{} 年度体检", "health check {}"), &[&day(on)]),
        Why::NoYearlyCheck(y) => fill(
            pick(lang, "{} 年未做年度体检", "no health check in {}"),
            &[&y],
        ),
    }
}

/// The period a share comes from: 本月 / 本季 / 本年 ("this quarter").
pub fn period_word(lang: Lang, c: Cadence) -> &'static str {
    match c {
        Cadence::Week => pick(lang, "本周", "this week"),
        Cadence::Month => pick(lang, "本月", "this month"),
        Cadence::Quarter => pick(lang, "本季", "this quarter"),
        Cadence::Year => pick(lang, "本年", "this year"),
    }
}

pub fn cadence(lang: Lang, c: Cadence) -> &'static str {
    match c {
        Cadence::Week => pick(lang, "每周", "weekly"),
        Cadence::Month => pick(lang, "每月", "monthly"),
        Cadence::Quarter => pick(lang, "每季", "quarterly"),
        Cadence::Year => pick(lang, "每年", "yearly"),
    }
}

pub fn condition(lang: Lang, c: Condition) -> &'static str {
    match c {
        Condition::Hypertension => pick(lang, "高血压", "hypertension"),
        Condition::Diabetes => pick(lang, "糖尿病", "diabetes"),
        Condition::Mental => pick(lang, "严重精神障碍", "severe mental"),
        Condition::Other => pick(lang, "其他慢病", "other chronic"),
    }
}

pub fn classification(lang: Lang, c: Classification) -> &'static str {
    match c {
        Classification::Controlled => pick(lang, "控制满意", "controlled"),
        Classification::Uncontrolled => pick(lang, "控制不满意", "uncontrolled"),
        Classification::Adverse => pick(lang, "不良反应", "adverse reaction"),
        Classification::Complication => pick(lang, "并发症", "complication"),
    }
}

/// A reading a condition needs (§3): 血压 / BP, 血糖 / FPG.
pub fn reading(lang: Lang, r: crate::domain::followup::Reading) -> &'static str {
    match r {
        crate::domain::followup::Reading::Bp => pick(lang, "血压", "BP"),
        crate::domain::followup::Reading::Fpg => pick(lang, "血糖", "FPG"),
    }
}

/// What a follow-up was classified as, naming each reading its patient's
/// conditions need that it lacks (domain.md §3, last paragraph of "The
/// follow-up record"): "控制满意（血糖未测，糖尿病本次不分类）", and with no
/// reading at all "不分类（缺血压、血糖）".
pub fn classified(lang: Lang, a: &crate::domain::followup::Assessment) -> String {
    use crate::domain::followup::Reading;
    let s = strings(lang);
    let Some(c) = a.classification else {
        let names: Vec<&str> = a.missing.iter().map(|r| reading(lang, *r)).collect();
        let names = if names.is_empty() {
            pick(lang, "所需读数", "reading").to_string()
        } else {
            names.join(pick(lang, "、", ", "))
        };
        return fill(s.not_classified, &[&names]);
    };
    let mut out = classification(lang, c).to_string();
    for r in &a.missing {
        let of = match r {
            Reading::Bp => Condition::Hypertension,
            Reading::Fpg => Condition::Diabetes,
        };
        let note = fill(
            s.reading_missing,
            &[&reading(lang, *r), &condition(lang, of)],
        );
        if lang == Lang::Zh {
            out.push_str(&format!("（{note}）"));
        } else {
            out.push_str(&format!(" ({note})"));
        }
    }
    out
}

pub fn referral(lang: Lang, r: ReferralNeed) -> &'static str {
    match r {
        ReferralNeed::None => pick(lang, "无需转诊", "no referral"),
        ReferralNeed::Refer => pick(lang, "建议转诊", "refer"),
        ReferralNeed::Emergency => pick(lang, "紧急转诊", "emergency referral"),
    }
}

pub fn cause(lang: Lang, c: ColourCause) -> &'static str {
    match c {
        ColourCause::NoFollowup => pick(lang, "尚未随访", "no follow-up yet"),
        ColourCause::Controlled => pick(lang, "控制满意", "controlled"),
        ColourCause::Uncontrolled => pick(lang, "控制不满意", "uncontrolled"),
        ColourCause::Adverse => pick(lang, "不良反应", "adverse reaction"),
        ColourCause::EmergencyCriteria => pick(lang, "达紧急转诊标准", "emergency criteria"),
        ColourCause::TwoUncontrolled => pick(lang, "连续两次控制不满意", "uncontrolled twice"),
        ColourCause::Complication => pick(lang, "新发或加重并发症", "complication"),
        ColourCause::ReferralNeeded => pick(lang, "需转诊", "referral needed"),
        ColourCause::OpenReferral => pick(lang, "转诊未结", "open referral"),
    }
}

pub fn outcome(lang: Lang, o: Outcome) -> &'static str {
    match o {
        Outcome::Completed => pick(lang, "已完成", "completed"),
        Outcome::NotHome => pick(lang, "不在家", "not at home"),
        Outcome::ComeToClinic => pick(lang, "同意来院", "will come in"),
        Outcome::CallAgain => pick(lang, "改日再联系", "call again"),
        Outcome::Removed => pick(lang, "移出队列", "remove"),
    }
}

pub fn remove_reason(lang: Lang, r: RemoveReason) -> &'static str {
    match r {
        RemoveReason::Moved => pick(lang, "迁出", "moved"),
        RemoveReason::Died => pick(lang, "死亡", "died"),
        RemoveReason::Transferred => pick(lang, "转出", "transferred"),
        RemoveReason::Refused => pick(lang, "拒绝", "refused"),
        RemoveReason::WrongPhone => pick(lang, "电话错误", "wrong phone"),
    }
}

/// Why a condition's management ended (§3).
pub fn end_reason(lang: Lang, r: EndReason) -> &'static str {
    match r {
        EndReason::Death => pick(lang, "死亡", "death"),
        EndReason::Moved => pick(lang, "迁出", "moved"),
        EndReason::Lost => pick(lang, "失访", "lost to follow-up"),
        EndReason::Refused => pick(lang, "拒绝管理", "refused"),
        EndReason::Transferred => pick(lang, "转出", "transferred"),
    }
}

pub fn mode(lang: Lang, m: VisitMode) -> &'static str {
    match m {
        VisitMode::Clinic => pick(lang, "门诊", "clinic"),
        VisitMode::Home => pick(lang, "家庭", "home"),
        VisitMode::Phone => pick(lang, "电话", "phone"),
    }
}

pub fn salt(lang: Lang, x: Salt) -> &'static str {
    match x {
        Salt::Light => pick(lang, "轻", "light"),
        Salt::Medium => pick(lang, "中", "medium"),
        Salt::Heavy => pick(lang, "重", "heavy"),
    }
}

pub fn adherence(lang: Lang, a: Adherence) -> &'static str {
    match a {
        Adherence::Regular => pick(lang, "规律", "regular"),
        Adherence::Intermittent => pick(lang, "间断", "intermittent"),
        Adherence::None => pick(lang, "不服药", "none"),
    }
}

pub fn complication(lang: Lang, c: Complication) -> &'static str {
    match c {
        Complication::None => pick(lang, "无", "none"),
        Complication::New => pick(lang, "新发", "new"),
        Complication::Worse => pick(lang, "加重", "worse"),
    }
}

pub fn sex(lang: Lang, s: Sex) -> &'static str {
    match s {
        Sex::Male => pick(lang, "男", "M"),
        Sex::Female => pick(lang, "女", "F"),
    }
}

pub fn relation(lang: Lang, r: Relation) -> &'static str {
    match r {
        Relation::Head => pick(lang, "户主", "head"),
        Relation::Spouse => pick(lang, "配偶", "spouse"),
        Relation::Child => pick(lang, "子女", "child"),
        Relation::Parent => pick(lang, "父母", "parent"),
        Relation::Grandchild => pick(lang, "孙辈", "grandchild"),
        Relation::Sibling => pick(lang, "兄弟姐妹", "sibling"),
        Relation::Other => pick(lang, "其他", "other"),
    }
}

pub fn resident_status(lang: Lang, s: ResidentStatus) -> &'static str {
    match s {
        ResidentStatus::Active => pick(lang, "在册", "active"),
        ResidentStatus::Moved => pick(lang, "迁出", "moved"),
        ResidentStatus::Deceased => pick(lang, "死亡", "deceased"),
        ResidentStatus::Transferred => pick(lang, "转出", "transferred"),
    }
}

/// What an audit entry's action did (§10), as a template whose `{}` is the
/// visit kind, the field or the condition; "" for an action not named here.
pub fn audit_action(lang: Lang, code: &str) -> &'static str {
    match code {
        "record_visit" => pick(lang, "记录{}", "recorded {}"),
        "edit_one" => pick(lang, "修改{}", "changed {}"),
        "update_resident" => pick(lang, "修改居民信息", "edited the resident"),
        "correct_phone" => pick(lang, "更正电话", "corrected the phone number"),
        "update_household" => pick(lang, "修改家庭信息", "edited the household"),
        "add_resident" => pick(lang, "登记居民", "registered the resident"),
        "add_household" => pick(lang, "登记家庭", "registered the household"),
        "set_status" => pick(lang, "更改在册状态", "changed the status"),
        "end_management" => pick(lang, "终止管理：{}", "ended management: {}"),
        "add_condition" => pick(lang, "新增慢病：{}", "added condition {}"),
        "end_condition" => pick(lang, "终止慢病管理：{}", "ended management of {}"),
        "move_resident" => pick(lang, "迁入另一户", "moved to another household"),
        "member_left" => pick(lang, "成员迁出本户", "a member moved out"),
        "override_tier" => pick(lang, "调整星级", "overrode the tier"),
        "undo_removal" => pick(lang, "撤销移出", "undid a removal"),
        "resume_management" => pick(lang, "恢复管理", "resumed management"),
        "group_move" => pick(lang, "调整志愿者小组", "moved between volunteer groups"),
        "send_referral" => pick(lang, "发出转诊", "sent a referral"),
        "receive_referral" => pick(lang, "转诊已接收", "referral received"),
        "return_referral" => pick(lang, "转诊下转", "referral returned down"),
        "close_referral" => pick(lang, "转诊结案", "referral closed"),
        "sign_contract" => pick(lang, "签约家庭医生", "signed a contract"),
        "end_contract" => pick(lang, "提前终止签约", "ended the contract early"),
        "set_care_plan" => pick(lang, "修改一人一策", "set the care plan"),
        "rename" => pick(lang, "更名", "renamed"),
        "add_township" => pick(lang, "新建乡镇", "added the township"),
        "add_village" => pick(lang, "新建村", "added a village"),
        "add_grid" => pick(lang, "新建网格", "added a grid"),
        "add_staff" => pick(lang, "新增人员", "added a person to the rosters"),
        "edit_staff" => pick(lang, "修改人员信息", "edited a person on the rosters"),
        "end_staff" => pick(lang, "人员离岗", "a person left"),
        "assign_grid" => pick(lang, "分配网格", "assigned a grid"),
        "end_assignment" => pick(lang, "结束网格分配", "ended a grid assignment"),
        "add_team" => pick(lang, "新建家庭医生团队", "added a family-doctor team"),
        "add_team_member" => pick(lang, "加入团队成员", "added a team member"),
        "remove_team_member" => pick(lang, "移出团队成员", "removed a team member"),
        "add_volunteer" => pick(lang, "新增志愿者", "added a volunteer"),
        "end_volunteer" => pick(lang, "志愿者退出", "a volunteer stepped down"),
        "create_group" => pick(lang, "新建志愿者小组", "created a volunteer group"),
        "dissolve_group" => pick(lang, "撤销志愿者小组", "dissolved a volunteer group"),
        "set_group_volunteer" => pick(lang, "更换小组志愿者", "gave a group its volunteer"),
        "plan_week" => pick(lang, "制定本周计划", "made the week's plan"),
        "replan_week" => pick(lang, "重新制定本周计划", "re-planned the week"),
        "plan_move_in" => pick(lang, "手动调入本周计划", "moved a task into the week"),
        "plan_move_out" => pick(lang, "手动调出本周计划", "moved a task out of the week"),
        "hand_over_plan" => pick(
            lang,
            "网格交接：计划转给新网格员",
            "grid handed over: its plan to the new worker",
        ),
        "add_operator" => pick(lang, "新增操作员", "added an operator"),
        "reset_pin" => pick(lang, "重置PIN", "reset a PIN"),
        "end_operator" => pick(lang, "停用操作员", "ended an operator"),
        "pin_ok" => pick(lang, "登录", "signed in"),
        "wrong_pin" => pick(lang, "PIN错误", "wrong PIN"),
        "locked_out" => pick(
            lang,
            "PIN错误次数过多，已锁定",
            "locked out after wrong PINs",
        ),
        "generate_demo" => pick(lang, "生成演示乡镇", "generated the demo township"),
        "restore" => pick(
            lang,
            "从备份恢复数据库",
            "restored the database from a backup",
        ),
        // issue 29: a printed batch of sheets, its rows' codes stored
        "print_batch" => pick(lang, "打印任务单批次", "printed a batch of sheets"),
        _ => "",
    }
}

/// A column of an audited record (resident, household, visit, referral,
/// contract) by name; `None` for one not named here (shown as stored).
pub fn audit_field(lang: Lang, field: &str) -> Option<&'static str> {
    Some(match field {
        "name" => pick(lang, "姓名", "name"),
        "id_number" => pick(lang, "身份证号", "ID number"),
        "sex" => pick(lang, "性别", "sex"),
        "birth_date" => pick(lang, "出生日期", "birth date"),
        "phone" => pick(lang, "电话", "phone"),
        "relation" => pick(lang, "与户主关系", "relation"),
        "status" => pick(lang, "状态", "status"),
        "status_date" => pick(lang, "状态日期", "status date"),
        "lives_alone_no_carer" => pick(lang, "独居无人照料", "lives alone"),
        "disabled" => pick(lang, "残疾", "disabled"),
        "seriously_ill" => pick(lang, "重病", "seriously ill"),
        "care_plan" => pick(lang, "一人一策", "care plan"),
        "registered_on" => pick(lang, "登记日期", "registered"),
        "address" => pick(lang, "地址", "address"),
        "tier_override" => pick(lang, "调整星级", "tier override"),
        "tier_override_reason" => pick(lang, "调整理由", "override reason"),
        "kind" => pick(lang, "类型", "kind"),
        "mode" => pick(lang, "方式", "mode"),
        "visit_date" => pick(lang, "日期", "date"),
        "outcome" => pick(lang, "结果", "outcome"),
        "call_again_on" => pick(lang, "再联系日期", "call again on"),
        "remove_reason" => pick(lang, "移出原因", "removal reason"),
        "sbp" => pick(lang, "收缩压", "SBP"),
        "dbp" => pick(lang, "舒张压", "DBP"),
        "heart_rate" => pick(lang, "心率", "heart rate"),
        "fpg" => pick(lang, "空腹血糖", "FPG"),
        "weight_kg" => pick(lang, "体重", "weight"),
        "height_cm" => pick(lang, "身高", "height"),
        "smoking" => pick(lang, "吸烟", "smoking"),
        "drinking" => pick(lang, "饮酒", "drinking"),
        "exercise_min_week" => pick(lang, "每周运动分钟", "exercise min/week"),
        "salt" => pick(lang, "摄盐", "salt"),
        "adherence" => pick(lang, "服药依从性", "adherence"),
        "adverse_reaction" => pick(lang, "药物不良反应", "adverse reaction"),
        "adverse_uncontrolled" => pick(lang, "不良反应难控制", "adverse uncontrolled"),
        "complication" => pick(lang, "并发症", "complication"),
        "emergency_symptoms" => pick(lang, "危急症状", "emergency symptoms"),
        "classification" => pick(lang, "随访分类", "classification"),
        "referral" => pick(lang, "转诊", "referral"),
        "next_visit_on" => pick(lang, "下次随访", "next visit"),
        "notes" => pick(lang, "备注", "notes"),
        "visited_by" => pick(lang, "随访人", "visited by"),
        "volunteer_group" => pick(lang, "志愿者小组", "volunteer group"),
        "task" => pick(lang, "任务", "task"),
        "move_reason" => pick(lang, "原因", "reason"),
        "undone_on" => pick(lang, "撤销日期", "undone on"),
        "undone_by" => pick(lang, "撤销人", "undone by"),
        "from_level" => pick(lang, "转出机构", "from"),
        "to_level" => pick(lang, "转入机构", "to"),
        "reason" => pick(lang, "原因", "reason"),
        "urgency" => pick(lang, "紧急程度", "urgency"),
        "sent_on" => pick(lang, "转出日期", "sent"),
        "received_on" => pick(lang, "接收日期", "received"),
        "returned_on" => pick(lang, "下转日期", "returned"),
        "closed_on" => pick(lang, "结案日期", "closed"),
        "start_date" => pick(lang, "开始日期", "start"),
        "end_date" => pick(lang, "结束日期", "end"),
        "end_reason" => pick(lang, "终止原因", "end reason"),
        "role" => pick(lang, "岗位", "role"),
        "active" => pick(lang, "在职", "active"),
        "from_date" => pick(lang, "开始日期", "from"),
        "to_date" => pick(lang, "最后一天", "last day"),
        "since" => pick(lang, "开始日期", "since"),
        "until" => pick(lang, "卸任日期", "until"),
        "created_on" => pick(lang, "开通日期", "created"),
        "ended_on" => pick(lang, "停用日期", "ended"),
        "grid" => pick(lang, "网格", "grid"),
        "handed_to" => pick(lang, "交给", "handed to"),
        "task_count" => pick(lang, "任务数", "tasks"),
        _ => return None,
    })
}

/// Why a session is read-only, and what to do, in the interface's language.
pub fn read_only_why(lang: Lang, why: crate::db::ReadOnlyWhy) -> String {
    use crate::db::ReadOnlyWhy as W;
    match why {
        W::Asked => pick(lang, "按 --read-only 只读打开，不能保存", "opened with --read-only; nothing can be saved"),
        W::File => pick(
            lang,
            "该文件对您只读，已只读打开，不能保存；请复制到您自己的文件夹，或请文件所有者授予写权限",
            "the file is read-only for you, so it is open read-only and nothing can be saved; copy it to a folder of yours, or ask its owner for write permission",
        ),
        W::Folder => pick(
            lang,
            "所在文件夹对您只读（保存需在该文件夹写 -wal、-shm 日志文件），已只读打开；请授予该文件夹写权限，或把数据库复制到可写的文件夹",
            "its folder is read-only for you (saving writes the -wal and -shm journal files there), so it is open read-only; give your user write permission on the folder, or copy the database to a folder you can write",
        ),
        W::DiskFull => pick(
            lang,
            "磁盘已满，已只读打开，不能保存；请清理磁盘空间后重新打开",
            "the disk is full, so it is open read-only and nothing can be saved; free some space and open it again",
        ),
    }
    .to_string()
}

/// A database error as the user reads it: what stands in the way and what to
/// do, in the interface's language (issue 17); other errors as they are.
pub fn db_error(lang: Lang, e: &crate::db::DbError) -> String {
    use crate::db::DbError as E;
    match (lang, e) {
        (Lang::Zh, E::Busy) => "其他用户或程序正在保存，本次未写入任何内容；请稍候再按 Ctrl-S 保存（命令行请稍后重试）。".into(),
        (Lang::En, E::Busy) => "Another session or program is saving; nothing was written. Press Ctrl-S again in a moment (on the command line: run it again).".into(),
        (Lang::Zh, E::DiskFull { folder, free_mb }) => format!(
            "磁盘已满：{} 所在磁盘仅剩 {free_mb} MB，保存还需约 {} MB；请清理磁盘或把数据库移到其他磁盘。未写入任何内容。",
            folder.display(),
            crate::db::NEEDED_MB
        ),
        (Lang::En, E::DiskFull { folder, free_mb }) => format!(
            "Disk full: the disk holding {} has {free_mb} MB free and saving needs about {} MB; free some space or move the database. Nothing was written.",
            folder.display(),
            crate::db::NEEDED_MB
        ),
        (Lang::Zh, E::FolderNotWritable { folder }) => format!(
            "无法在文件夹 {} 中写入（数据库要在此写 -wal、-shm 日志文件）：请授予您的用户对该文件夹的写权限（chmod u+w），或把数据库复制到可写的文件夹；查询类命令仍可只读使用。",
            folder.display()
        ),
        (Lang::En, E::FolderNotWritable { folder }) => format!(
            "Cannot write in the folder {} (the database keeps its -wal and -shm journal files there): give your user write permission on it (chmod u+w) or copy the database to a folder you can write; reading commands still work.",
            folder.display()
        ),
        (Lang::Zh, E::Changed) => "此户在您打开表单后已被其他用户修改，本次未写入；屏幕已显示最新情况，请核对后再按 Ctrl-S 保存或按 Esc 放弃。".into(),
        (Lang::En, E::Changed) => "Someone else changed this household after you opened the form; nothing was written. The screen now shows the new state: check it, then Ctrl-S to save anyway or Esc to drop it.".into(),
        (_, E::ReadOnly { path, why }) => format!(
            "{}: {}",
            path.display(),
            read_only_why(lang, *why)
        ),
        (_, E::Refused(r)) => r.text(lang == Lang::Zh),
        // the command line's errors before a database could be read (issue 25 item 6)
        (Lang::Zh, E::Missing(p)) => format!(
            "{} 处没有数据库；请用 `gridcare init --db {}` 新建一个，或试试 `gridcare demo`",
            p.display(),
            p.display()
        ),
        (Lang::Zh, E::Create { path, why }) => format!("无法创建 {}：{why}", path.display()),
        (Lang::Zh, E::NotWritable { path, why }) => format!(
            "无法以写入方式打开 {}：{why}；请检查文件的所有者和权限",
            path.display()
        ),
        (Lang::Zh, E::NotSqlite(p)) => format!(
            "{} 不是 gridcare 数据库（不是 SQLite 文件）；请检查 --db 或 GRIDCARE_DB",
            p.display()
        ),
        (Lang::Zh, E::TooNew { path, found, known }) => format!(
            "{} 由较新的 gridcare 写成（数据库结构版本 {found}，本 gridcare 只认到 {known}）；请安装较新的 gridcare 再打开",
            path.display()
        ),
        (Lang::Zh, E::Sqlite(x)) => format!("数据库出错：{x}"),
        (Lang::Zh, E::BadRow { table, id, column, why }) => format!(
            "{table} 表第 {id} 行，{column} 列：{why}；请修正该行（例如用 sqlite3）或恢复备份，然后运行 `gridcare check`"
        ),
        (Lang::Zh, E::NotGridcare(p)) => format!(
            "{} 是 SQLite 数据库，但不是 gridcare 的（有表而没有 gridcare 的结构版本）；请检查 --db 或 GRIDCARE_DB",
            p.display()
        ),
        (Lang::Zh, E::Migration(x)) => format!("无法把数据库结构更新到最新：{x}"),
        (Lang::Zh, E::ForeignSchema { path, problems }) => format!(
            "{} 含有不是 gridcare 建的结构对象（SQLite 每次保存都会运行它们），因此不予使用：{}；`gridcare check --db {}` 列出全部",
            path.display(),
            problems.first().map(String::as_str).unwrap_or(""),
            path.display()
        ),
        _ => e.to_string(),
    }
}

/// How late a task is: "3期" / "3p" for missed periods, "9天" / "9d" for
/// days; empty unless overdue.
pub fn late(lang: Lang, t: &crate::domain::queue::Task) -> String {
    let s = strings(lang);
    match (t.status, t.missed_periods, t.days_overdue) {
        (Status::Overdue, 0, d) => fill(s.late_days, &[&d]),
        (Status::Overdue, m, _) => fill(s.late_periods, &[&m]),
        _ => String::new(),
    }
}

/// A date in the as-of year without its year (11-15), else whole: for a
/// column that needs the room.
pub fn short_date(d: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    if d.year() == today.year() {
        d.format("%m-%d").to_string()
    } else {
        d.to_string()
    }
}

/// The one part of `task_state` a narrow column has room for: how late an
/// overdue task is (逾期 12天), else its date (截止 11-20), the same date
/// `task_state` gives (Today's red list, issue 25 items 7 and 11).
pub fn task_when(lang: Lang, t: &crate::domain::queue::Task, today: chrono::NaiveDate) -> String {
    let s = strings(lang);
    match t.status {
        Status::Overdue => format!("{} {}", s.overdue, late(lang, t)),
        _ => format!("{} {}", s.due_by, short_date(t.due_on(today), today)),
    }
}

/// A task's state and its one date, in the same words on every screen and
/// in `gridcare queue` (issue 25 item 7): "逾期 1期 · 截止 2026-09-30",
/// "待办 · 截止 2026-12-31", "稍后 2026-12-01", "已完成 2026-11-02"
/// ("overdue 1p · was due …", "due by …").
pub fn task_state(lang: Lang, t: &crate::domain::queue::Task, today: chrono::NaiveDate) -> String {
    let word = status(lang, t.status);
    let due = t.due_on(today);
    match (t.status, t.done_on, t.upcoming_from) {
        (_, Some(d), _) | (Status::Upcoming, _, Some(d)) => format!("{word} {d}"),
        (Status::Overdue, ..) => fill(
            pick(lang, "逾期 {} · 截止 {}", "overdue {} · was due {}"),
            &[&late(lang, t), &due],
        ),
        (Status::Removed, ..) => word.to_string(),
        _ => fill(pick(lang, "待办 · 截止 {}", "due by {}"), &[&due]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both languages have every label, none empty, with the same placeholders.
    #[test]
    fn catalogue_is_complete() {
        for ((name, zh), (_, en)) in ZH.all().into_iter().zip(EN.all()) {
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{name}");
            let holes = |t: &str| t.matches("{}").count();
            assert_eq!(holes(zh), holes(en), "{name}: {zh} / {en}");
        }
        assert_eq!(fill("{}–{} 之间", &[&60, &300]), "60–300 之间");
        assert_eq!(
            tier(Lang::Zh, crate::domain::tier::Tier::new(3).unwrap()),
            "3星"
        );
        assert_eq!(
            tier(Lang::En, crate::domain::tier::Tier::new(3).unwrap()),
            "T3"
        );
    }
}
