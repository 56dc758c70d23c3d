//! "Invite to open a card" (邀请开卡) suggestions for guides, sent by the scheduled pass.
//!
//! - **Weekly**: every Monday from 09:00 store time, each guide of the store gets their promoter
//!   code and how many new members registered through it this month against last month (the
//!   store's local months), with a link to their promoter screen (the QR code).
//! - **Daily**: every day from 09:00, when members paid at the store's counter or through
//!   scan-and-go the day before and no guide of the store looks after them yet, each guide gets
//!   a nudge saying how many (naming up to three) with a link to their customers, where a
//!   member code binds one. A day without such shoppers sends nothing.
//! - A round is due during [`InvitePolicy`]'s window (the first 15 minutes after 09:00), so the
//!   every-minute pass does this work on a few passes a day and reads nothing the rest of the
//!   time. Each message's key is (guide, `invite_to_join`, the round's subject), so the passes of
//!   one window write each message once.

use super::{Letter, MessageKind, Scheduled};
use crate::promoter::PromoterCode;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Offset, TimeZone, Utc, Weekday};

/// When the suggestions go out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvitePolicy {
    hour: u32,
    window: Duration,
}

impl InvitePolicy {
    /// From 09:00 store time, for 15 minutes of passes (the cron runs every minute, so a few
    /// missed passes still send the day's round).
    pub const STANDARD: InvitePolicy = InvitePolicy { hour: 9, window: Duration::minutes(15) };

    /// The rounds due at `now` in a store `offset_minutes` east of UTC: the day's nudge inside
    /// the window, and on a Monday the week's reminder too.
    pub fn rounds(&self, now: DateTime<Utc>, offset_minutes: i32) -> Vec<InviteRound> {
        let zone = zone(offset_minutes);
        let local = now.with_timezone(&zone);
        let today = local.date_naive();
        let Some(opens) = today.and_hms_opt(self.hour, 0, 0).and_then(|t| zone.from_local_datetime(&t).single()) else {
            return Vec::new();
        };
        let opens = opens.with_timezone(&Utc);
        if now < opens || now >= opens + self.window {
            return Vec::new();
        }
        let mut rounds = Vec::new();
        if today.weekday() == Weekday::Mon {
            rounds.push(InviteRound::Weekly(WeeklyRound::of(today, offset_minutes)));
        }
        let yesterday = today - Duration::days(1);
        rounds.push(InviteRound::Daily(DailyRound {
            day: yesterday,
            from: local_midnight(yesterday, offset_minutes),
            to: local_midnight(today, offset_minutes),
        }));
        rounds
    }
}

fn zone(offset_minutes: i32) -> FixedOffset {
    // An offset beyond ±24 h is no zone: such a store is read in UTC.
    FixedOffset::east_opt(offset_minutes.saturating_mul(60)).unwrap_or(Utc.fix())
}

fn local_midnight(day: NaiveDate, offset_minutes: i32) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    (midnight - Duration::minutes(i64::from(offset_minutes))).and_utc()
}

/// A round of suggestions due in one store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InviteRound {
    /// Monday's promoter reminder.
    Weekly(WeeklyRound),
    /// The day's nudge about yesterday's shoppers without a guide.
    Daily(DailyRound),
}

/// Monday's reminder: each guide's new members this month against last month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeeklyRound {
    monday: NaiveDate,
    last_month: DateTime<Utc>,
    this_month: DateTime<Utc>,
}

/// A guide of the store, as the passes read them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guide {
    /// Staff number (the recipient).
    pub staff_id: String,
}

impl WeeklyRound {
    fn of(monday: NaiveDate, offset_minutes: i32) -> WeeklyRound {
        let first = monday.with_day(1).unwrap_or(monday);
        let before = (first - Duration::days(1)).with_day(1).unwrap_or(first);
        WeeklyRound {
            monday,
            last_month: local_midnight(before, offset_minutes),
            this_month: local_midnight(first, offset_minutes),
        }
    }

    /// The first instant of last month (store time): registrations from then on are counted.
    pub fn since(&self) -> DateTime<Utc> {
        self.last_month
    }

    /// One message per guide: their code (from the deployment's promoter `key`) and how many
    /// of `joined` (promoter, when the customer registered) are theirs this month and last.
    pub fn letters(
        &self,
        key: &[u8],
        guides: &[Guide],
        joined: &[(String, DateTime<Utc>)],
        now: DateTime<Utc>,
    ) -> Vec<(Scheduled, Letter)> {
        let subject = format!("week:{}", self.monday);
        guides
            .iter()
            .map(|g| {
                let mine = joined.iter().filter(|(p, _)| *p == g.staff_id);
                let this = mine.clone().filter(|(_, at)| *at >= self.this_month && *at <= now).count();
                let last = mine.filter(|(_, at)| *at >= self.last_month && *at < self.this_month).count();
                let code = PromoterCode::for_staff(key, &g.staff_id);
                let body = format!("本月已有 {this} 位新会员通过您的推广码 {code} 开卡（上月 {last} 位）。请顾客扫码注册，新人可得 ¥10 + ¥5 券。");
                let letter = Letter::new("邀请开卡：本周推广提醒", body, "/guide/promoter");
                (Scheduled::new(&g.staff_id, MessageKind::InviteToJoin, &subject, now), letter)
            })
            .collect()
    }
}

/// The day's nudge about yesterday's shoppers that no guide looks after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DailyRound {
    day: NaiveDate,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

/// A member who paid an order at the store in the round's day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shopper {
    /// The member.
    pub member_id: String,
    /// Their name.
    pub name: String,
    /// The order's channel (`online`, `counter`, `scan_go`).
    pub channel: String,
    /// Whether a guide of the store looks after them now.
    pub bound: bool,
}

/// The most names one nudge carries.
const NAMES: usize = 3;

impl DailyRound {
    /// The first instant of the day (store time).
    pub fn from(&self) -> DateTime<Utc> {
        self.from
    }

    /// The first instant after it.
    pub fn to(&self) -> DateTime<Utc> {
        self.to
    }

    /// One message per guide when `shoppers` holds members who paid at the counter or with
    /// scan-and-go and have no guide; none otherwise.
    pub fn letters(
        &self,
        store: &str,
        guides: &[Guide],
        shoppers: &[Shopper],
        now: DateTime<Utc>,
    ) -> Vec<(Scheduled, Letter)> {
        let mut unbound: Vec<&Shopper> =
            shoppers.iter().filter(|s| !s.bound && matches!(s.channel.as_str(), "counter" | "scan_go")).collect();
        crate::sorting::sort_by(&mut unbound, |a, b| a.member_id.cmp(&b.member_id));
        unbound.dedup_by(|a, b| a.member_id == b.member_id);
        if unbound.is_empty() {
            return Vec::new();
        }
        let names: Vec<&str> = unbound.iter().take(NAMES).map(|s| s.name.as_str()).collect();
        let more = if unbound.len() > NAMES { " 等" } else { "" };
        let body = format!(
            "{} 有 {} 位会员在柜台或扫码购买单，还没有专属导购（{}{more}）。再见到时扫 TA 的会员码，加为您的顾客。",
            crate::calendar::month_day(self.day),
            unbound.len(),
            names.join("、")
        );
        let subject = format!("unbound:{store}:{}", self.day);
        guides
            .iter()
            .map(|g| {
                let letter = Letter::new("邀请开卡：有顾客还没有导购", body.clone(), "/guide/customers");
                (Scheduled::new(&g.staff_id, MessageKind::InviteToJoin, &subject, now), letter)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
