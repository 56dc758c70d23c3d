//! A bar chart drawn as inline SVG by a small Rust component (no chart library): one bar per
//! value, the largest filling the height. The geometry is a plain function tested natively;
//! the SVG scales to its container, so it fits a 360 px phone and a tablet alike.

use leptos::prelude::*;

/// The drawing's width and height in SVG units (the element itself is as wide as its box).
pub const WIDTH: f64 = 320.0;
/// See [`WIDTH`].
pub const HEIGHT: f64 = 120.0;

/// One bar's rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// Bars for `values` across `width` × `height`: equal slots, a fifth of each left as a gap,
/// heights in proportion to the largest value (all zero: flat bars of height 0).
pub fn bars(values: &[u64], width: f64, height: f64) -> Vec<Bar> {
    let most = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let slot = width / values.len().max(1) as f64;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let h = *v as f64 / most * height;
            Bar { x: i as f64 * slot + slot * 0.1, y: height - h, width: slot * 0.8, height: h }
        })
        .collect()
}

/// A titled bar chart of `values`, each bar titled with its label and value (shown on hover
/// and read by screen readers).
#[component]
pub fn BarChart(title: String, values: Vec<u64>, labels: Vec<String>, #[prop(into)] testid: String) -> impl IntoView {
    let rects = bars(&values, WIDTH, HEIGHT)
        .into_iter()
        .zip(values.iter().zip(labels.iter()))
        .map(|(b, (v, label))| {
            view! {
                <rect x=b.x y=b.y width=b.width height=b.height class="bar">
                    <title>{format!("{label}: {v}")}</title>
                </rect>
            }
        })
        .collect_view();
    let first = labels.first().cloned().unwrap_or_default();
    let last = labels.last().cloned().unwrap_or_default();
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=title preserveAspectRatio="none">
                {rects}
            </svg>
            <div class="chart-axis"><span>{first}</span><span>{last}</span></div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_value_fills_the_height_and_the_rest_scale() {
        let b = bars(&[0, 50, 100], 300.0, 100.0);
        assert_eq!(b.len(), 3);
        assert_eq!((b[2].y, b[2].height), (0.0, 100.0));
        assert_eq!((b[1].y, b[1].height), (50.0, 50.0));
        assert_eq!(b[0].height, 0.0);
        assert_eq!((b[0].x, b[0].width), (10.0, 80.0));
        assert_eq!(b[2].x, 210.0);
    }

    #[test]
    fn nothing_at_all_draws_flat_bars_and_no_values_draw_none() {
        assert!(bars(&[0, 0], 100.0, 50.0).iter().all(|b| b.height == 0.0 && b.y == 50.0));
        assert!(bars(&[], 100.0, 50.0).is_empty());
    }
}
