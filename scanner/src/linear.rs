//! EAN-13, EAN-8 (and, through [`crate::code128`], Code 128) read along scan lines: rows and columns of the frame, both ways, so a
//! barcode held upright, sideways or upside down is read, and a slightly tilted one too (a
//! line across a tilted barcode still crosses every bar, just a little longer).
//!
//! A line is cut into runs of dark and light pixels at the midpoint of its darkest and lightest
//! values; a barcode is a run pattern that starts with a guard (bar, space, bar), has digits of
//! four runs each (seven modules in all), a middle guard of five runs and an end guard. Each
//! digit is the table entry closest to its four widths scaled to seven modules, and the check
//! digit must agree, which is what keeps a stray pattern from being taken for a code.

use crate::{Format, Read};

/// Run widths (in modules) of the left-hand "L" digits 0–9; "G" digits are these reversed and
/// right-hand "R" digits have the same widths as "L" (starting with a bar instead of a space).
const L: [[f32; 4]; 10] = [
    [3., 2., 1., 1.],
    [2., 2., 2., 1.],
    [2., 1., 2., 2.],
    [1., 4., 1., 1.],
    [1., 1., 3., 2.],
    [1., 2., 3., 1.],
    [1., 1., 1., 4.],
    [1., 3., 1., 2.],
    [1., 2., 1., 3.],
    [3., 1., 1., 2.],
];

/// The first digit of an EAN-13 is not drawn: it is the pattern of L (false) and G (true)
/// among the six left digits.
const FIRST_DIGIT: [[bool; 6]; 10] = {
    const F: bool = false;
    const T: bool = true;
    [
        [F, F, F, F, F, F],
        [F, F, T, F, T, T],
        [F, F, T, T, F, T],
        [F, F, T, T, T, F],
        [F, T, F, F, T, T],
        [F, T, T, F, F, T],
        [F, T, T, T, F, T],
        [F, T, F, T, F, T],
        [F, T, F, T, T, F],
        [F, T, T, F, T, F],
    ]
};

/// How far (in modules, summed over a digit's four runs) a digit may be from its table entry.
const MAX_DIGIT_ERROR: f32 = 1.6;

/// Lines tried in each direction.
const LINES: usize = 24;

/// One stretch of same-coloured pixels along a line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Run {
    /// A bar (true) or a space.
    pub(crate) dark: bool,
    /// Its length in pixels.
    pub(crate) len: f32,
}

/// The first EAN-13, EAN-8 or Code 128 found along the frame's rows or columns.
pub fn read(luma: &[u8], width: usize, height: usize) -> Option<Read> {
    let rows = (1..=LINES).map(|k| {
        let y = height * k / (LINES + 1);
        luma[y * width..(y + 1) * width].to_vec()
    });
    let columns = (1..=LINES).map(|k| {
        let x = width * k / (LINES + 1);
        (0..height).map(|y| luma[y * width + x]).collect::<Vec<u8>>()
    });
    rows.chain(columns).find_map(|line| read_line(&line))
}

/// A code along one line of pixels, read forwards or backwards.
fn read_line(line: &[u8]) -> Option<Read> {
    let mut runs = runs_of(line)?;
    read_runs(&runs).or_else(|| {
        runs.reverse();
        read_runs(&runs)
    })
}

/// The line as dark and light runs, or `None` when it has too little contrast to hold bars.
fn runs_of(line: &[u8]) -> Option<Vec<Run>> {
    let (lo, hi) = line.iter().fold((u8::MAX, u8::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    if hi.saturating_sub(lo) < 48 {
        return None;
    }
    let threshold = (u16::from(lo) + u16::from(hi)) / 2;
    let mut runs: Vec<Run> = Vec::new();
    for &v in line {
        let dark = u16::from(v) < threshold;
        match runs.last_mut() {
            Some(r) if r.dark == dark => r.len += 1.0,
            _ => runs.push(Run { dark, len: 1.0 }),
        }
    }
    Some(runs)
}

fn read_runs(runs: &[Run]) -> Option<Read> {
    (1..runs.len()).filter(|&i| runs[i].dark && !runs[i - 1].dark).find_map(|i| {
        ean13(runs, i)
            .map(|text| Read { format: Format::Ean13, text })
            .or_else(|| ean8(runs, i).map(|text| Read { format: Format::Ean8, text }))
            .or_else(|| crate::code128::read(runs, i).map(|text| Read { format: Format::Code128, text }))
    })
}

/// Whether `runs` are guard bars of one module each (`module` wide, within half a module).
fn is_guard(runs: &[Run], module: f32) -> bool {
    runs.iter().all(|r| (r.len - module).abs() <= module * 0.5)
}

/// The start guard at `start` and the quiet zone before it; the module width if they fit.
fn start_guard(runs: &[Run], start: usize) -> Option<f32> {
    let guard = runs.get(start..start + 3)?;
    let module = guard.iter().map(|r| r.len).sum::<f32>() / 3.0;
    (is_guard(guard, module) && runs[start - 1].len >= module * 2.5).then_some(module)
}

/// The middle guard (five one-module runs) at `at`.
fn middle_guard(runs: &[Run], at: usize) -> bool {
    let guard = &runs[at..at + 5];
    is_guard(guard, guard.iter().map(|r| r.len).sum::<f32>() / 5.0)
}

/// The digit whose widths are closest to these four runs, and whether it was a G digit.
fn digit(runs: &[Run], allow_g: bool) -> Option<(u8, bool)> {
    let total: f32 = runs.iter().map(|r| r.len).sum();
    let seen: Vec<f32> = runs.iter().map(|r| r.len * 7.0 / total).collect();
    let error = |widths: &mut dyn Iterator<Item = &f32>| -> f32 { widths.zip(&seen).map(|(w, s)| (w - s).abs()).sum() };
    let mut best: Option<(f32, u8, bool)> = None;
    for (d, widths) in L.iter().enumerate() {
        let mut candidates = vec![(error(&mut widths.iter()), false)];
        if allow_g {
            candidates.push((error(&mut widths.iter().rev()), true));
        }
        for (e, g) in candidates {
            if best.is_none_or(|(b, _, _)| e < b) {
                best = Some((e, d as u8, g));
            }
        }
    }
    best.filter(|(e, _, _)| *e <= MAX_DIGIT_ERROR).map(|(_, d, g)| (d, g))
}

/// Whether the last digit is the GS1 check digit of the others (weights 3, 1, 3… from the
/// right of the data digits).
pub fn check_digit_ok(digits: &[u8]) -> bool {
    let Some((&check, data)) = digits.split_last() else { return false };
    let sum: u32 = data.iter().rev().enumerate().map(|(i, &d)| u32::from(d) * if i % 2 == 0 { 3 } else { 1 }).sum();
    (10 - sum % 10) % 10 == u32::from(check)
}

fn text_of(digits: &[u8]) -> Option<String> {
    check_digit_ok(digits).then(|| digits.iter().map(|d| char::from(b'0' + d)).collect())
}

/// An EAN-13 whose start guard is at `start`: 3 + 6×4 + 5 + 6×4 + 3 = 59 runs.
fn ean13(runs: &[Run], start: usize) -> Option<String> {
    if runs.len() < start + 59 {
        return None;
    }
    let module = start_guard(runs, start)?;
    if !middle_guard(runs, start + 27) || !is_guard(&runs[start + 56..start + 59], module) {
        return None;
    }
    let mut digits = vec![0u8];
    let mut parity = [false; 6];
    for (k, g) in parity.iter_mut().enumerate() {
        let at = start + 3 + 4 * k;
        let (d, is_g) = digit(&runs[at..at + 4], true)?;
        digits.push(d);
        *g = is_g;
    }
    digits[0] = FIRST_DIGIT.iter().position(|p| *p == parity)? as u8;
    for k in 0..6 {
        let at = start + 32 + 4 * k;
        digits.push(digit(&runs[at..at + 4], false)?.0);
    }
    text_of(&digits)
}

/// An EAN-8 whose start guard is at `start`: 3 + 4×4 + 5 + 4×4 + 3 = 43 runs.
fn ean8(runs: &[Run], start: usize) -> Option<String> {
    if runs.len() < start + 43 {
        return None;
    }
    let module = start_guard(runs, start)?;
    if !middle_guard(runs, start + 19) || !is_guard(&runs[start + 40..start + 43], module) {
        return None;
    }
    let mut digits = Vec::with_capacity(8);
    for at in (0..4).map(|k| start + 3 + 4 * k).chain((0..4).map(|k| start + 24 + 4 * k)) {
        digits.push(digit(&runs[at..at + 4], false)?.0);
    }
    text_of(&digits)
}
