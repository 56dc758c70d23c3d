use super::*;
use proptest::prelude::*;

fn t(ms: i64) -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH + Duration::milliseconds(1_700_000_000_000 + ms)
}

fn live(remaining: u32) -> LiveFigure {
    LiveFigure { remaining, status: if remaining == 0 { SaleStatus::SoldOut } else { SaleStatus::Live } }
}

#[test]
fn the_first_change_goes_out_at_once() {
    let mut feed = LiveFeed::new();
    assert_eq!(feed.offer(live(9), t(0)), Push::Now(live(9)));
}

#[test]
fn a_burst_becomes_one_message_carrying_the_last_count() {
    let mut feed = LiveFeed::new();
    feed.offer(live(9), t(0));
    assert_eq!(feed.offer(live(8), t(10)), Push::At(t(250)));
    assert_eq!(feed.offer(live(7), t(20)), Push::Nothing, "the timer is already armed");
    assert_eq!(feed.offer(live(6), t(30)), Push::Nothing);
    assert_eq!(feed.waiting_until(), Some(t(250)));
    assert_eq!(feed.due(t(249)), Push::At(t(250)), "an early timer re-arms");
    assert_eq!(feed.due(t(250)), Push::Now(live(6)));
    assert_eq!(feed.waiting_until(), None);
    assert_eq!(feed.due(t(400)), Push::Nothing);
}

#[test]
fn a_count_that_came_back_to_what_was_said_is_not_repeated() {
    let mut feed = LiveFeed::new();
    feed.offer(live(5), t(0));
    feed.offer(live(4), t(50)); // an order...
    feed.offer(live(5), t(60)); // ...cancelled at once
    assert_eq!(feed.due(t(250)), Push::Nothing);
    assert_eq!(feed.offer(live(5), t(900)), Push::Nothing);
    assert_eq!(feed.offer(live(0), t(901)), Push::Now(live(0)));
}

#[test]
fn status_follows_the_window_and_the_count() {
    assert_eq!(SaleStatus::at(t(10), t(20), 3, t(0)), SaleStatus::Upcoming);
    assert_eq!(SaleStatus::at(t(10), t(20), 3, t(10)), SaleStatus::Live);
    assert_eq!(SaleStatus::at(t(10), t(20), 0, t(15)), SaleStatus::SoldOut);
    assert_eq!(SaleStatus::at(t(10), t(20), 3, t(20)), SaleStatus::Ended);
}

proptest! {
    /// Whatever the burst: messages are at least the interval apart, never repeat the figure
    /// just sent, only carry offered figures, and once the timer has fired the subscribers
    /// know the last figure offered.
    #[test]
    fn the_feed_is_rate_limited_and_ends_on_the_last_value(
        steps in prop::collection::vec((0i64..400, 0u32..4), 1..80),
    ) {
        let mut feed = LiveFeed::new();
        let mut now = 0i64;
        let mut timer: Option<DateTime<Utc>> = None;
        let mut sent: Vec<(LiveFigure, DateTime<Utc>)> = Vec::new();
        let mut offered = Vec::new();
        let record = |push: Push, at: DateTime<Utc>, timer: &mut Option<DateTime<Utc>>, sent: &mut Vec<_>| match push {
            Push::Now(f) => sent.push((f, at)),
            Push::At(when) => *timer = Some(when),
            Push::Nothing => {}
        };
        for (gap, remaining) in steps {
            now += gap;
            // The timer fires whenever the clock passes it, before the next change.
            while let Some(when) = timer.filter(|w| *w <= t(now)) {
                timer = None;
                let push = feed.due(when);
                record(push, when, &mut timer, &mut sent);
            }
            offered.push(live(remaining));
            let push = feed.offer(live(remaining), t(now));
            record(push, t(now), &mut timer, &mut sent);
        }
        while let Some(when) = timer.take() {
            let push = feed.due(when);
            record(push, when, &mut timer, &mut sent);
        }
        for pair in sent.windows(2) {
            prop_assert!(pair[1].1 - pair[0].1 >= LiveFeed::MIN_INTERVAL);
            prop_assert_ne!(pair[1].0, pair[0].0);
        }
        prop_assert!(sent.iter().all(|(f, _)| offered.contains(f)));
        prop_assert_eq!(sent.last().map(|(f, _)| *f), offered.last().copied());
        prop_assert_eq!(feed.waiting_until(), None);
    }
}

#[test]
fn a_figure_follows_the_window_unless_the_sale_was_cancelled() {
    use crate::flash_sale::tests::fixtures::{request, sale_of};
    let sale = sale_of(&request(), crate::flash_sale::tests::fixtures::t(0));
    let (start, end) = (sale.starts_at(), sale.ends_at());
    let before = start - Duration::seconds(1);
    assert_eq!(LiveFigure::of(&sale, false, 3, before), LiveFigure { remaining: 3, status: SaleStatus::Upcoming });
    assert_eq!(LiveFigure::of(&sale, false, 3, start), LiveFigure { remaining: 3, status: SaleStatus::Live });
    assert_eq!(LiveFigure::of(&sale, false, 0, start), LiveFigure { remaining: 0, status: SaleStatus::SoldOut });
    assert_eq!(LiveFigure::of(&sale, false, 3, end), LiveFigure { remaining: 3, status: SaleStatus::Ended });
    assert_eq!(LiveFigure::of(&sale, true, 3, start), LiveFigure { remaining: 3, status: SaleStatus::Cancelled });
}
