//! The day tab: the store's reconciliation for a local date (today by default): takings by
//! method, coupons, refunds, pickups and the counter, and any disagreement with the gateway.

use super::on_staff_error;
use crate::AppState;
use crate::api;
use crate::clienteling::figures;
use crate::components::csv_download::download_csv;
use crate::components::status::Loading;
use crate::i18n::Key;
use leptos::prelude::*;
use shared::reconciliation::DayReport;

#[component]
pub fn DayTab(token: String) -> impl IntoView {
    let state = AppState::get();
    let token = StoredValue::new(token);
    let date = RwSignal::new(String::new());
    let report = LocalResource::new(move || {
        let (t, d) = (token.get_value(), date.get());
        async move { api::day_report(&t, Some(&d)).await }
    });
    // Until a date is picked the report is today's, and the field shows which day that is.
    let shown_date = move || match date.get() {
        d if d.is_empty() => report.get().and_then(Result::ok).map(|r| r.date).unwrap_or_default(),
        d => d,
    };
    let body = move || {
        report.get().map(|r| match r {
            Ok(r) => view! { <DayReportView report=r/> }.into_any(),
            Err(e) => {
                on_staff_error(state, &e);
                view! { <p class="form-error" role="alert">{state.describe(&e)}</p> }.into_any()
            }
        })
    };
    view! {
        <label class="form day-date">{move || state.t(Key::Date)}
            <input type="date" name="date" prop:value=shown_date on:change=move |ev| date.set(event_target_value(&ev))/>
        </label>
        <Suspense fallback=|| view! { <Loading/> }>{body}</Suspense>
    }
}

/// A day's figures, and either "balanced" or the discrepancies with the gateway.
#[component]
pub fn DayReportView(report: DayReport) -> impl IntoView {
    let state = AppState::get();
    let r = report.clone();
    let lines = move || {
        figures(state.lang.get(), &r)
            .into_iter()
            .map(|f| view! { <div class="figure" data-figure=f.id><dt>{f.label}</dt><dd>{f.value}</dd></div> })
            .collect_view()
    };
    let check = if report.balanced {
        view! { <p class="form-ok" data-testid="balanced">{move || state.t(Key::Balanced)}</p> }.into_any()
    } else {
        view! {
            <section class="discrepancies" data-testid="discrepancies">
                <h3>{move || state.t(Key::Discrepancies)} " " {report.discrepancies.len()}</h3>
                <ul>{report.discrepancies.iter().map(|d| view! {
                    <li><code>{d.kind.clone()}</code> " " {d.order_id.clone()} " — " {d.message.clone()}</li>
                }).collect_view()}</ul>
            </section>
        }
        .into_any()
    };
    let csv = shared::dashboard::day_report_csv(&report);
    let name = format!("day-report-{}-{}.csv", report.store_id, report.date);
    view! {
        <dl class="day-figures" data-testid="day-report">{lines}</dl>
        {check}
        <button class="btn ghost" data-testid="day-csv" on:click=move |_| { download_csv(&name, &csv); }>
            {move || state.t(Key::DownloadCsv)}
        </button>
    }
}
