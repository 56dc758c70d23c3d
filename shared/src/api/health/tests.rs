use super::*;
use chrono::TimeZone;

fn at(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}

#[test]
fn liveness_says_ok_the_time_and_where_the_deep_check_is() {
    let l = Liveness::at(at(0));
    assert_eq!(
        (l.status.as_str(), l.now.as_str(), l.deep.as_str()),
        ("ok", "2027-01-15T08:00:00.000Z", "/api/health/deep")
    );
}

#[test]
fn each_check_says_what_was_done_and_what_came_back() {
    let d1 = HealthCheck::d1(Ok::<i64, &str>(3));
    assert_eq!((d1.ok, d1.detail.as_str()), (true, "D1: SELECT COUNT(*) FROM stores -> 3"));
    let d1 = HealthCheck::d1(Err::<i64, &str>("down"));
    assert_eq!((d1.ok, d1.detail.as_str()), (false, "D1 failed: \"down\""));
    let dobj = HealthCheck::durable_object(Ok::<&str, &str>("7"));
    assert_eq!((dobj.ok, dobj.detail.as_str()), (true, "StockObject 'health': storage read and write, ping #7"));
    let dobj = HealthCheck::durable_object(Err::<&str, &str>("gone"));
    assert_eq!((dobj.ok, dobj.detail.as_str()), (false, "StockObject failed: \"gone\""));
}

#[test]
fn health_is_degraded_when_any_check_failed_and_a_cached_answer_keeps_its_check_time() {
    let good = || HealthCheck::d1(Ok::<i64, &str>(1));
    let bad = || HealthCheck::d1(Err::<i64, &str>("x"));
    let h = Health::of(good(), good(), at(0));
    assert!(h.ok());
    assert_eq!(
        (h.now.as_str(), h.checked_at.as_str(), h.cached),
        ("2027-01-15T08:00:00.000Z", "2027-01-15T08:00:00.000Z", false)
    );
    assert!(!Health::of(good(), bad(), at(0)).ok());
    assert_eq!(Health::of(bad(), good(), at(0)).status, "degraded");
    let later = h.answered(at(5), true);
    assert_eq!(
        (later.now.as_str(), later.checked_at.as_str(), later.cached),
        ("2027-01-15T08:00:05.000Z", "2027-01-15T08:00:00.000Z", true)
    );
}
