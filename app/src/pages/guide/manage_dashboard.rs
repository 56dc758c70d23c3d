//! `/guide/manage/dashboard`: the store's days (takings, orders, new members, coupons, flash
//! units) drawn as bar charts, the guides' figures, and the same as a CSV download; then each
//! promoter's customers and commissions, with a bar of what each earned and its own CSV.

use super::on_staff_error;
use crate::AppState;
use crate::api;
use crate::components::bar_chart::BarChart;
use crate::components::csv_download::download_csv;
use crate::components::status::Loading;
use crate::i18n::Key;
use leptos::prelude::*;
use shared::api::{Dashboard, DashboardDay, PromoterFigures};

/// How a day gives a chart's value.
type DayValue = fn(&DashboardDay) -> u64;

/// One chart of the dashboard: its title, its test id and how a day gives its value.
const CHARTS: [(Key, &str, DayValue); 5] = [
    (Key::FigureTakings, "chart-takings", |d| d.takings_fen / 100),
    (Key::FigurePaidOrders, "chart-orders", |d| d.orders.into()),
    (Key::NewMembersFigure, "chart-members", |d| d.new_members.into()),
    (Key::CouponsRedeemedFigure, "chart-coupons", |d| d.coupons_redeemed.into()),
    (Key::FlashUnitsFigure, "chart-flash", |d| d.flash_units_sold.into()),
];

#[component]
pub fn DashboardPage(token: String) -> impl IntoView {
    let state = AppState::get();
    let token = StoredValue::new(token);
    let (from, to) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let board = LocalResource::new(move || {
        let (t, f, u) = (token.get_value(), from.get(), to.get());
        async move { api::dashboard(&t, Some(&f), Some(&u)).await }
    });
    let body = move || {
        board.get().map(|r| match r {
            Ok(d) => view! { <DashboardView board=d/> }.into_any(),
            Err(e) => {
                on_staff_error(state, &e);
                view! { <p class="form-error" role="alert">{state.describe(&e)}</p> }.into_any()
            }
        })
    };
    let date = move |label: Key, name: &'static str, value: RwSignal<String>| {
        view! {
            <label>{move || state.t(label)}
                <input type="date" name=name prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <section class="dashboard" data-testid="dashboard">
            <h2>{move || state.t(Key::ManageDashboard)}</h2>
            <div class="form compact dashboard-range">{date(Key::FromDate, "from", from)} {date(Key::ToDate, "to", to)}</div>
            <Transition fallback=|| view! { <Loading/> }>{body}</Transition>
        </section>
    }
}

#[component]
fn DashboardView(board: Dashboard) -> impl IntoView {
    let state = AppState::get();
    let labels: Vec<String> = board.days.iter().map(|d| d.date.clone()).collect();
    let charts = CHARTS
        .into_iter()
        .map(|(key, testid, value)| {
            let values: Vec<u64> = board.days.iter().map(value).collect();
            view! { <BarChart title=state.t(key).to_owned() values labels=labels.clone() testid/> }
        })
        .collect_view();
    let csv = shared::dashboard::dashboard_csv(&board);
    let name_tail =
        format!("{}-{}.csv", labels.first().cloned().unwrap_or_default(), labels.last().cloned().unwrap_or_default());
    let name = format!("dashboard-{name_tail}");
    let guides = board
        .guides
        .iter()
        .map(|g| {
            view! {
                <tr data-testid="guide-row">
                    <td>{g.name.clone()} " · " {g.staff_id.clone()}</td>
                    <td>{g.customers}</td>
                    <td>{g.orders_for_customers}</td>
                    <td>{format!("¥{:.2}", g.takings_fen as f64 / 100.0)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <button class="btn ghost" data-testid="dashboard-csv" on:click=move |_| { download_csv(&name, &csv); }>
            {move || state.t(Key::DownloadCsv)}
        </button>
        <div class="charts">{charts}</div>
        <h3>{move || state.t(Key::GuidesTitle)}</h3>
        <div class="table-wrap">
            <table class="guides" data-testid="guides">
                <thead><tr>
                    <th>{move || state.t(Key::Guide)}</th>
                    <th>{move || state.t(Key::CustomersFigure)}</th>
                    <th>{move || state.t(Key::OrdersForCustomersFigure)}</th>
                    <th>{move || state.t(Key::FigureTakings)}</th>
                </tr></thead>
                <tbody>{guides}</tbody>
            </table>
        </div>
        <PromotersView promoters=board.promoters name=name_tail/>
    }
}

fn yuan(fen: u64) -> String {
    format!("¥{:.2}", fen as f64 / 100.0)
}

/// Commissions per promoter: a bar of what each earned (pending + settled, yuan), the table and
/// its CSV (`promoters-<from>-<to>.csv`).
#[component]
fn PromotersView(promoters: Vec<PromoterFigures>, name: String) -> impl IntoView {
    let state = AppState::get();
    let csv = shared::dashboard::promoters::promoters_csv(&promoters);
    let name = format!("promoters-{name}");
    let labels: Vec<String> = promoters.iter().map(|p| p.name.clone()).collect();
    let earned: Vec<u64> = promoters.iter().map(|p| (p.pending_fen + p.settled_fen) / 100).collect();
    let rows = promoters
        .iter()
        .map(|p| {
            view! {
                <tr data-testid="promoter-row" data-staff=p.staff_id.clone()>
                    <td>{p.name.clone()} " · " {p.staff_id.clone()}</td>
                    <td>{p.customers}</td>
                    <td>{yuan(p.pending_fen)}</td>
                    <td>{yuan(p.settled_fen)}</td>
                    <td>{yuan(p.reversed_fen)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3>{move || state.t(Key::PromotersTitle)}</h3>
        <button class="btn ghost" data-testid="promoters-csv" on:click=move |_| { download_csv(&name, &csv); }>
            {move || state.t(Key::DownloadCsv)}
        </button>
        <BarChart title=state.t(Key::PromotersTitle).to_owned() values=earned labels testid="chart-promoters"/>
        <div class="table-wrap">
            <table class="guides" data-testid="promoters">
                <thead><tr>
                    <th>{move || state.t(Key::PromoterColumn)}</th>
                    <th>{move || state.t(Key::CustomersFigure)}</th>
                    <th>{move || state.t(Key::CommissionPending)}</th>
                    <th>{move || state.t(Key::CommissionSettled)}</th>
                    <th>{move || state.t(Key::CommissionReversed)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
