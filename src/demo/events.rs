//! The demo's year of health education (issue 32): the township health
//! centre's monthly lecture and its public consultations, each village
//! clinic's lectures, who came (residents of the township and now and then
//! a visitor), the points they earned and a few spent. Drawn from its own
//! random stream, so the rest of the demo is as it was.

use super::names::Rng;
use super::{Gen, VillageRow};
use crate::db::Result;
use crate::domain::events::Rates;
use chrono::{Datelike, Months, NaiveDate};
use rusqlite::params;

const TOPICS: &[&str] = &[
    "高血压的自我管理",
    "糖尿病饮食指导",
    "合理膳食 减盐控油",
    "老年人防跌倒",
    "中医养生与八段锦",
    "戒烟限酒",
    "慢病用药安全",
    "秋冬季传染病预防",
];

impl Gen<'_> {
    /// Events held in the twelve months before the as-of date.
    pub(super) fn education(
        &mut self,
        township: i64,
        villages: &[VillageRow],
        gps: &[i64],
        rates: Rates,
    ) -> Result<()> {
        let mut rng = Rng::new(self.cfg.seed ^ 0x6576_656e_7473 ^ township as u64);
        let as_of = self.cfg.as_of;
        let people: Vec<i64> = {
            let mut st = self.tx.prepare(
                "SELECT r.id FROM resident r JOIN household h ON h.id = r.household_id
                 JOIN village v ON v.id = h.village_id WHERE v.township_id = ?1 ORDER BY r.id",
            )?;
            st.query_map([township], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        if people.is_empty() {
            return Ok(());
        }
        let first = as_of - Months::new(12);
        for m in 1..=12u32 {
            let month = first + Months::new(m);
            let start = NaiveDate::from_ymd_opt(month.year(), month.month(), 1).unwrap_or(month);
            let day = |rng: &mut Rng| {
                rng.date_between(start, (start + Months::new(1)).pred_opt().unwrap_or(start))
                    .min(as_of)
            };
            // the township health centre: a lecture most months, a consultation most
            if rng.chance(0.9) {
                let d = day(&mut rng);
                self.held(
                    &mut rng,
                    township,
                    None,
                    "lecture",
                    d,
                    gps,
                    &people,
                    rates.lecture,
                )?;
            }
            if rng.chance(0.7) {
                let d = day(&mut rng);
                self.held(
                    &mut rng,
                    township,
                    None,
                    "consultation",
                    d,
                    gps,
                    &people,
                    rates.consultation,
                )?;
            }
            // each village clinic: about every other month
            for v in villages {
                if rng.chance(0.45) {
                    let d = day(&mut rng);
                    self.held(
                        &mut rng,
                        township,
                        Some(v.id),
                        "lecture",
                        d,
                        &[v.doctor],
                        &people,
                        rates.lecture,
                    )?;
                }
            }
        }
        // §2 ★5: the grid workers' household visits gave the push
        self.exec(
            "UPDATE visit SET push_given = 1, push_topic = '合理膳食 减盐控油'
             WHERE kind = 'household' AND outcome = 'completed' AND household_id IN
               (SELECT h.id FROM household h JOIN village v ON v.id = h.village_id WHERE v.township_id = ?1)",
            [township],
        )?;
        // a few spent on traditional-medicine therapy (中医理疗)
        let mut st = self.tx.prepare(
            "SELECT resident_id, sum(amount) FROM points WHERE resident_id IN
               (SELECT r.id FROM resident r JOIN household h ON h.id = r.household_id
                JOIN village v ON v.id = h.village_id WHERE v.township_id = ?1)
             GROUP BY resident_id HAVING sum(amount) >= 10 ORDER BY resident_id",
        )?;
        let rich: Vec<(i64, i64)> = st
            .query_map([township], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, _) in rich.into_iter().filter(|_| rng.chance(0.3)) {
            self.exec(
                "INSERT INTO points (resident_id, on_date, movement, amount, service, given_by)
                 VALUES (?1, ?2, 'spent', -10, '中医理疗', '乡镇卫生院中医科')",
                params![id, as_of],
            )?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn held(
        &mut self,
        rng: &mut Rng,
        township: i64,
        village: Option<i64>,
        kind: &str,
        on: NaiveDate,
        speakers: &[i64],
        people: &[i64],
        points: i64,
    ) -> Result<()> {
        let event = self.exec(
            "INSERT INTO event (kind, held_on, township_id, village_id, topic, speaker_id, place)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                kind,
                on,
                township,
                village,
                *rng.pick(TOPICS),
                speakers.first().map(|_| *rng.pick(speakers)),
                if village.is_some() {
                    "村卫生室"
                } else {
                    "乡镇卫生院会议室"
                }
            ],
        )?;
        let n = rng.range(8, 30) as usize;
        let mut came = std::collections::BTreeSet::new();
        for _ in 0..n {
            came.insert(*rng.pick(people));
        }
        for id in came {
            let a = self.exec(
                "INSERT INTO attendance (event_id, resident_id) VALUES (?1, ?2)",
                params![event, id],
            )?;
            if points > 0 {
                self.exec(
                    "INSERT INTO points (resident_id, on_date, movement, amount, attendance_id)
                     VALUES (?1, ?2, 'earned', ?3, ?4)",
                    params![id, on, points, a],
                )?;
            }
        }
        if rng.chance(0.3) {
            self.exec(
                "INSERT INTO attendance (event_id, visitor) VALUES (?1, '外乡来客')",
                params![event],
            )?;
        }
        Ok(())
    }
}
