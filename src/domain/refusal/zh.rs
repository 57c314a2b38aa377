//! The refusals in Chinese: what is wrong and how to fix it.

use super::*;

impl Refusal {
    pub fn zh(&self) -> String {
        use Refusal::*;
        match self {
            VisitInFuture { date, today } => {
                format!("随访日期 {date} 晚于今天（{today}），不能提前记录随访")
            }
            Vitals(v) => v
                .iter()
                .map(|(f, p)| p.zh(f))
                .collect::<Vec<_>>()
                .join("；"),
            CallAgainNeedsDate => "选择“改日再联系”时须填写再次联系的日期".into(),
            CallAgainNotAfter { again, visit } => {
                format!("再次联系日期（{again}）须晚于本次日期（{visit}）")
            }
            RemovalNeedsReason => "移出任务须写明原因：迁出、死亡、转出、拒绝或号码错误".into(),
            VitalsOnlyOnFollowup => "体征只属于已完成的随访；其他走访请留空".into(),
            UnknownWorker { what, id } => {
                let what = match *what {
                    "grid worker" => "网格员",
                    "team" => "家庭医生团队",
                    "volunteer" => "志愿者",
                    _ => "人员",
                };
                format!("没有编号为 {id} 的{what}，请从花名册中选择")
            }
            ResidentVisitOnHousehold => "这类走访针对居民而不是家庭，请选择居民".into(),
            HouseholdVisitOnResident => "家庭走访针对家庭，请选择家庭而不是居民".into(),
            NoHousehold(id) => format!("没有编号为 {id} 的家庭"),
            NoResident(id) => format!("没有编号为 {id} 的居民"),
            BeforeRegistered { date, registered } => {
                format!("走访日期 {date} 早于该户登记日期（{registered}）")
            }
            BeforeBorn { date, name, born } => {
                format!("走访日期 {date} 早于{name}的出生日期（{born}）")
            }
            NotActive { name, status } => {
                format!("{name}已不在管理中（{status}），请先恢复其记录")
            }
            NotManaged { name, date } => {
                format!("{name}在 {date} 不是慢病管理对象，请先登记病种")
            }
            WhoDied => "此户有多名成员：请打开该户，在成员列表中选中去世的成员后按 X".into(),
            EmptyName => "姓名不能为空".into(),
            ControlChar {
                field_zh, shown, ..
            } => format!(
                "{field_zh}含有控制字符（{shown}），会扰乱终端或表格；请删除（只有可写多行的栏目可含换行和制表符）"
            ),
            NameTooLong { chars, max } => {
                format!("姓名有 {chars} 个字，最多 {max} 个（设置项 name_max_chars）")
            }
            BadPhone(p) => format!(
                "电话“{p}”应为 5 到 20 位数字（可含空格、+ 和 -），如 13812345678 或 0571-88001234"
            ),
            EmptyAddress => "地址不能为空".into(),
            OverrideNeedsReason => "调整星级须写明原因".into(),
            EndReason(r) => format!("结束管理的原因只能是死亡、迁出或转出，不能是 {r}"),
            DateInFuture { date, today } => {
                format!("日期 {date} 晚于今天（{today}），请在事情发生当天或之后记录")
            }
            EndBeforeRegistered {
                date,
                name,
                registered,
            } => format!("日期 {date} 早于{name}的登记日期（{registered}），请核对日期"),
            AlreadyEnded { name, status, on } => {
                format!("{name}的管理已于 {on} 结束（{status}），无需再次操作")
            }
            BadId { input, error } => format!("{input}：{}", id_error_zh(error)),
            DuplicateId {
                number,
                name,
                address,
            } => format!(
                "身份证号 {number} 已登记在{name}（{address}）名下；请打开该居民的记录，或在居民页面办理迁户"
            ),
            EmptyPlaceName => "名称不能为空".into(),
            PlaceNameTooLong(n) => format!("名称有 {n} 个字，最多 30 个"),
            PlaceExists(n) => format!("{n}已存在，请直接选用，不要重复添加"),
            AlreadyVolunteer(n) => format!("{n}已经是志愿者"),
            NoReferral(id) => format!("没有编号为 {id} 的转诊；可用 `gridcare referral list` 查看"),
            ReferralNotReceived { id } => {
                format!("转诊 {id} 尚未登记接收；请先登记接收（R），再登记下转或结案")
            }
            ReferralWrongState { id, state, action } => format!(
                "转诊 {id} 已{}，不能{}",
                match *state {
                    "sent" => "转出",
                    "received" => "接收",
                    "returned" => "下转",
                    _ => "结案",
                },
                match *action {
                    "receive" => "再次登记接收",
                    "return" => "登记下转",
                    _ => "结案",
                }
            ),
            ReferralDateBefore {
                date,
                earlier,
                step,
            } => format!(
                "日期 {date} 早于转诊{}日期（{earlier}），请核对",
                if *step == "sent" { "转出" } else { "接收" }
            ),
            ReferralInFuture { date, today } => {
                format!("日期 {date} 晚于今天（{today}），不能提前登记转诊")
            }
            ReferralNeedsReason => "转诊须写明原因".into(),
            ReferralSameLevel(l) => format!("转诊不能转往同一级（{}），请选择上一级", l.name(true)),
            PlanRequired(_) => "该任务已逾期、为红码、每周必访或本周日前到期，按规则必须留在本周计划中（domain.md §6）；请移出其他任务".into(),
            PlanMoveNeedsReason => "请写明调整原因；原因会保存并随计划显示".into(),
            PlanNotForVolunteers => "本周计划只为网格员和家庭医生团队制定；请选择网格员或团队（grid_worker:编号 或 team:编号）".into(),
            CarePlanEmpty => "一人一策内容为空，请写明家庭医生的安排".into(),
            CarePlanTooLong { chars, max } => {
                format!("一人一策有 {chars} 个字，超过 {max} 个字，请精简")
            }
            CarePlanReviewNotAfter { review, today } => {
                format!("复核日期 {review} 不晚于今天（{today}），请选较晚的日期（如半年后）")
            }
            CarePlanNotAVisit => {
                "一人一策任务要写好计划才算完成（在居民或家庭页按 L，或用 `gridcare care-plan set`），不是登记走访".into()
            }
            IdNotRegistered(n) => format!("没有登记身份证号为 {n} 的居民，请先在其家庭中登记"),
            ContractOverlaps { name, from, to } => {
                format!("{name}已有 {from} 至 {to} 的签约，请续签或解约该份")
            }
            ContractEndsAnyway { end } => {
                format!("该签约本就于 {end} 到期；提前解约请选更早的最后一天")
            }
            ReasonNeeded => "请填写原因".into(),
            EndBeforeStart { end, start } => format!("结束日期 {end} 早于开始日期 {start}，请核对"),
            NoTeam(t) => format!("没有家庭医生团队 {t}，请先在花名册（5）中添加"),
            WorkerOnlyVisits => {
                "网格员只能登记随访和联系结果、更正居民电话；其他修改请找协调员；未保存任何内容".into()
            }
            CoordinatorOnly => {
                "只有协调员能修改花名册、村、网格和操作员；请找协调员；未保存任何内容".into()
            }
            PlanOwnOnly { name } => format!("{name} 以网格员身份登录，只能看自己的周计划：请用 `--worker {name}`；未做任何操作"),
            PlanOtherVillage { name } => format!("该负责人不服务 {name} 的村；村医只能看本村网格员和家庭医生团队的计划：未做任何操作"),
            GroupsOtherVillage { name } => format!("那不是 {name} 的村；村医只能看本村的小组"),
            OutsideScope => "该记录不在您的村或网格内；请找协调员；未保存任何内容".into(),
            OutsideReach(what) => {
                format!("{what}不在您的村或网格内；您只能查看自己负责的范围（协调员可查看全乡镇）；未做任何操作")
            }
            BackupExists(f) => {
                format!("{f} 已存在；备份从不覆盖文件，请换一个名字（例如带上日期）")
            }
            BackupIsTheDatabase => "备份须写到数据库以外的另一个文件".into(),
            RestoreSameFile => "备份和数据库是同一个文件".into(),
            RestoreWouldLose { file, theirs, ours } => would_lose(true, file, *theirs, *ours),
            RestoreWithoutOperators { file, operators } => format!(
                "{file} 没有操作员：恢复它会删除 {} 位操作员（{}），任何拿到文件的人都能运行所有命令；未做任何更改。加 --force 仍然恢复，然后用 `gridcare operator add` 添加一位协调员",
                operators.len(),
                operators.join("、")
            ),
            ExportNotForWorker => "导出居民或随访（含完整身份证号和测量值）仅限协调员或村医；网格员请用 `gridcare print --worker 姓名` 打印自己的任务单；未做任何操作".into(),
            PinTooShort { min } => format!("PIN 太短：至少 {min} 个字符"),
            PinTooCommon => "该 PIN 过于常见，最先被猜中；请换一个".into(),
            PinsDiffer => "两次输入的 PIN 不同，请输入相同的 PIN".into(),
            TooManyTries { max } => format!("PIN 已错 {max} 次：此处无法写入数据库以计数，本程序不再允许登录；请重新启动并稍候，或找协调员"),
            DateOutsideWindow { date, earliest, latest } => format!("{date} 不在您可登记的日期内：{earliest} 至 {latest}（今天以电脑时钟为准；auth.backdate_days）；请找协调员登记；未保存任何内容"),
            WrongPin => {
                "操作员姓名或 PIN 不对，请重试（忘记 PIN 请协调员执行 gridcare operator reset）"
                    .into()
            }
            LockedOut { until } => {
                format!("PIN 错误次数过多：登录已锁定至 {until}；请稍候，或请协调员重置")
            }
            NoOperator(n) => format!("没有操作员 {n}；见 `gridcare operator list`"),
            OperatorEnded(n) => format!("操作员 {n} 已停用，不能登录；请协调员添加新的操作员"),
            OperatorExists(n) => format!("已有操作员 {n}；请换个姓名，或重置其 PIN"),
            WorkerNeedsStaff => "网格员操作员需要 --staff 姓名：花名册上的网格员".into(),
            DoctorNeedsVillage => {
                "村医操作员需要 --village 村名（或有所属村的村医 --staff 姓名）".into()
            }
            LastCoordinator => {
                "这是最后一位协调员：请先添加另一位协调员，或先停用其他操作员，否则无人能管理他们"
                    .into()
            }
            FirstIsCoordinator => {
                "第一个操作员必须是协调员（--role coordinator），以便添加其他操作员".into()
            }
            UnknownVillage(v) => {
                format!("没有村“{v}”：请先在花名册（5）中添加，或导入时加 --create-places")
            }
            UnknownGrid(g) => {
                format!("没有网格“{g}”：请先在花名册（5）中添加，或导入时加 --create-places")
            }
            GridNotInVillage => "该网格属于其他村，请选择本户所在村的网格".into(),
            ManagedBeforeDiagnosed { managed, diagnosed } => {
                format!("纳入管理日期 {managed} 不能早于确诊日期 {diagnosed}")
            }
            ConditionExists { name, condition } => {
                format!("{name}已登记过 {condition}，请修改原记录")
            }
            SameHousehold => "该居民已在这一户中".into(),
            NoCondition { name, condition } => format!("{name}没有登记 {condition}，请先登记"),
            NoStaff(s) => format!("没有在职人员 {s}；可用 `gridcare roster list` 查看"),
            NoSuchWorker(w) => format!(
                "没有名为“{w}”的网格员、家庭医生团队或志愿者；可用 `gridcare roster list` 查看"
            ),
            UnknownWorkerKind { kind, codes } => {
                format!("没有“{kind}”这类负责人；请用 {codes} 之一")
            }
            NotANumberIn { id, key } => format!("“{key}”中的“{id}”不是数字"),
            SeveralWorkers { key, each } => format!(
                "有 {} 位负责人叫“{key}”；请写成 {} 之一",
                each.len(),
                each.join(" 或 ")
            ),
            NoSuchGrid { key, near } if near.is_empty() => format!(
                "没有网格“{key}”；请给出村名和网格名（例如 富民村 第一网格）或网格编号；`gridcare roster list` 列出各网格"
            ),
            NoSuchGrid { key, near } => format!(
                "没有网格“{key}”；是否指：{}？请给出村名和网格名（例如 富民村 第一网格）或网格编号",
                near.join("，")
            ),
            GridInSeveral { key, each } => format!(
                "有几个网格都叫“{key}”：{}；请加上村名，例如“{}”",
                each.join("，"),
                each.first().map_or("", String::as_str)
            ),
            NoSuchVillage(v) => format!("没有村“{v}”；请给出村名（例如 富民村）或编号"),
            VillageInSeveral { key, each } => format!(
                "有几个乡镇都有村“{key}”（{}）；请加 --township 或给出村的编号",
                each.join("，")
            ),
            UnknownTownship(t) => format!(
                "没有乡镇“{t}”；请给出乡镇名（例如 三角乡）或编号；`gridcare check` 列出共有几个"
            ),
            NotAGridWorker(s) => format!("{s} 不是网格员，只有网格员负责网格"),
            HandoverBeforeStart { from, since } => {
                format!("交接日期 {from} 须晚于现任网格员的起始日期（{since}），请选较晚的日期")
            }
            GridWithoutSuccessor(g) => {
                format!("网格 {g} 将无人负责，请指定接手的网格员（--handover 网格=网格员）")
            }
            LifestyleOnlyOnFollowup => {
                "吸烟、饮酒、运动和摄盐只属于已完成的随访；其他走访请留空".into()
            }
            ExtNoHeld { number, address } => {
                format!("户编号 {number} 已属于 {address} 的家庭，请核对编号")
            }
            ExtNoTooLong { number, max } => {
                format!("编号 {number} 超过 {max} 个字符，请核对该列")
            }
            RecordNoHeld { number, name } => {
                format!("档案编号 {number} 已属于 {name}，请核对编号")
            }
            RecordOnlyOnFollowup => "症状、目标、检查和用药只属于已完成的随访；其他走访请留空".into(),
            Record(problems) => problems
                .iter()
                .map(|p| p.text(true))
                .collect::<Vec<_>>()
                .join("；"),
            RegimenChangedLater { later, visit } => format!(
                "用药已在 {later} 调整过，晚于本次随访（{visit}）；请按日期先后录入各次随访的用药变化"
            ),
            ExerciseOutOfRange { minutes, lo, hi } => {
                format!("每周运动 {minutes} 分钟不在 {lo}–{hi} 之内，请核对")
            }
            NextVisitNotAfter { next, visit } => {
                format!("下次随访日期（{next}）须晚于本次随访日期（{visit}）")
            }
            VisitorTooLong { name, max } => {
                format!("随访人“{name}”超过 {max} 个字，请只写姓名")
            }
            NothingToUndo(who) => format!("{who}没有可撤销的移出记录"),
            GroupNeedsVolunteer => {
                "每个小组须由本村一名在岗志愿者带领，请先在花名册（5）中登记志愿者".into()
            }
            VolunteerOtherVillage(name) => {
                format!("{name}住在其他村；小组志愿者须是本村居民（§5）")
            }
            PatientInTwoGroups { name, group } => {
                format!("{name}已在{group}中；每名患者只属于一个小组，请用调组（m）")
            }
            GroupOverLimit { group, size, max } => format!(
                "{group}将有 {size} 名患者，超过上限 {max} 名（设置项 group.max_size）；请先调出或改用互换（s）"
            ),
            NoGroup(id) => format!("没有编号为 {id} 的志愿者小组"),
            GroupOtherVillage(what) => format!("{what}属于其他村；小组不跨村（§5）"),
            SwapSameGroup(a, b) => format!("{a}和{b}在同一小组，互换不会改变什么；请选另一小组的患者"),
            GroupNotEmpty(g) => format!("{g}还有患者，请先调出"),
            NotInGroup(name) => format!("{name}不在任何小组中，请先用重新分组（P）安排"),
            BadKey(p) => p.text(true),
            KeyTaken { owner } => format!("此公钥已绑定操作员 {owner}；一个公钥只属于一名操作员：请为其另生成密钥（ssh-keygen 或 PuTTYgen）"),
            NoKey { name, fingerprint } => format!("{name} 没有公钥 {fingerprint}；见 `gridcare operator key list`"),
            NameNotForSsh(n) => format!("姓名“{n}”含引号或反斜杠，SSH 命令行无法安全携带；请用不含这些字符的姓名添加操作员"),
            NoKeySignIn(why) => why.text(true),
            AlreadyKeyed { code, on, by } => format!(
                "{code} 已录入过（{by} {on} 的记录）；不再重复录入"
            ),
            NoBatch(n) => format!("没有第 {n} 批打印的任务单；批次号印在每页表头（批次：N）"),
            Events(p) => p.zh(),
        }
    }
}
