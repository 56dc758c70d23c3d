//! The arithmetic behind the guide's customer list and day report: reading typed tags, the tag
//! chips to filter by, and the report's figures as labelled lines.

use crate::i18n::{self, Key, Lang};
use shared::Fen;
use shared::clienteling::Customer;
use shared::kinds::PaymentMethod;
use shared::reconciliation::DayReport;

/// The full-width comma a Chinese keyboard types (U+FF0C).
const FULL_WIDTH_COMMA: char = '\u{ff0c}';
/// The enumeration comma of Chinese lists (U+3001).
const IDEOGRAPHIC_COMMA: char = '\u{3001}';

/// Tags as a guide types them: separated by commas (either width), the enumeration comma, or spaces.
pub fn split_tags(input: &str) -> Vec<String> {
    input
        .split(|c: char| c == ',' || c == FULL_WIDTH_COMMA || c == IDEOGRAPHIC_COMMA || c.is_whitespace())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The tags of a list of customers, most used first (ties alphabetical), for the filter chips.
pub fn tag_chips(customers: &[Customer]) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for tag in customers.iter().flat_map(|c| c.tags.iter()) {
        match counts.iter_mut().find(|(t, _)| t == tag) {
            Some((_, n)) => *n += 1,
            None => counts.push((tag.clone(), 1)),
        }
    }
    shared::sorting::sort_by(&mut counts, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// A payment method as the report shows it.
pub fn method_label(lang: Lang, method: PaymentMethod) -> String {
    match method {
        PaymentMethod::Balance => i18n::t(lang, Key::MethodBalance).to_owned(),
        PaymentMethod::Sandbox => i18n::t(lang, Key::MethodGateway).to_owned(),
    }
}

/// One figure of the day report: a label, the value as shown, and a test id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// What it is.
    pub label: String,
    /// As shown.
    pub value: String,
    /// `data-figure` for tests.
    pub id: &'static str,
}

/// The report's figures in the order the page lists them.
pub fn figures(lang: Lang, r: &DayReport) -> Vec<Figure> {
    let f = |label: Key, value: String, id| Figure { label: i18n::t(lang, label).to_owned(), value, id };
    let fen = |v: u64| Fen::new(v).label();
    let count = |n: u32, v: u64| format!("{n} · {}", fen(v));
    let mut out = vec![
        f(Key::FigureTakings, fen(r.takings_fen), "takings"),
        f(Key::FigurePaidOrders, r.orders_paid.to_string(), "orders"),
        f(Key::FigureBeforeCoupons, fen(r.subtotal_fen), "subtotal"),
        f(Key::FigureDiscounts, fen(r.discount_fen), "discounts"),
    ];
    out.extend(r.by_method.iter().map(|m| Figure {
        label: format!("· {}", method_label(lang, m.method)),
        value: count(m.count, m.amount_fen),
        id: "method",
    }));
    out.extend([
        f(Key::FigureRefunds, count(r.refunds, r.refunded_fen), "refunds"),
        f(Key::FigureHandedOver, r.picked_up.to_string(), "picked-up"),
        f(Key::FigureCounterSales, format!("{} · {}", r.counter_sales, r.counter_units), "counter-sales"),
        f(Key::FigureCounterCharges, count(r.counter_charges, r.counter_charged_fen), "counter-charges"),
        f(Key::FigureReturns, count(r.returns, r.returned_fen), "returns"),
        f(
            Key::FigureCounterOrders,
            count(r.counter_orders.len() as u32, r.counter_orders.iter().map(|o| o.total_fen).sum()),
            "counter-orders",
        ),
    ]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::reconciliation::MethodTotal;

    fn customer(tags: &[&str]) -> Customer {
        Customer {
            member_id: "M1".into(),
            name: "王女士".into(),
            phone_masked: "138****0001".into(),
            card_no: "6688000010000001".into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            bound_at: chrono::DateTime::UNIX_EPOCH,
            last_active_at: chrono::DateTime::UNIX_EPOCH,
            orders: 0,
            spend_fen: 0,
        }
    }

    #[test]
    fn typed_tags_split_on_any_separator() {
        assert_eq!(split_tags(" VIP，爱买包、周末来, 老客  新 "), ["VIP", "爱买包", "周末来", "老客", "新"]);
        assert!(split_tags(" ,， ").is_empty());
    }

    #[test]
    fn chips_list_the_most_used_tags_first() {
        let list = [customer(&["VIP", "包"]), customer(&["包"]), customer(&["A"])];
        assert_eq!(tag_chips(&list), [("包".to_string(), 2), ("A".to_string(), 1), ("VIP".to_string(), 1)]);
    }

    #[test]
    fn the_report_reads_in_yuan_with_each_method() {
        let r = DayReport {
            store_id: "S1".into(),
            date: "2026-11-24".into(),
            from: chrono::DateTime::UNIX_EPOCH,
            to: chrono::DateTime::UNIX_EPOCH,
            orders_paid: 2,
            subtotal_fen: 241_800,
            discount_fen: 2_000,
            takings_fen: 239_800,
            by_method: vec![MethodTotal { method: PaymentMethod::Balance, count: 1, amount_fen: 119_900 }],
            refunds: 0,
            refunded_fen: 0,
            picked_up: 1,
            counter_sales: 1,
            counter_units: 2,
            counter_charges: 1,
            counter_charged_fen: 12_950,
            returns: 1,
            returned_fen: 39_900,
            discrepancies: vec![],
            balanced: true,
            counter_orders: vec![],
        };
        let zh = figures(Lang::Zh, &r);
        assert_eq!((zh[0].label.as_str(), zh[0].value.as_str()), ("实收", "¥2398"));
        let method = zh.iter().find(|f| f.id == "method").unwrap();
        assert_eq!((method.label.as_str(), method.value.as_str()), ("· 储值卡", "1 · ¥1199"));
        let en = figures(Lang::En, &r);
        assert_eq!(en.iter().find(|f| f.id == "counter-charges").unwrap().value, "1 · ¥129.50");
        assert_eq!(en.iter().find(|f| f.id == "returns").unwrap().value, "1 · ¥399");
    }
}
