//! Code 128 (ISO/IEC 15417) read from the dark and light runs of one scan line.
//!
//! A symbol is six runs (bar, space, bar, space, bar, space) of one to four modules, eleven
//! modules in all; a code is a start symbol (code set A, B or C), data symbols, a check symbol
//! and the stop (seven runs, thirteen modules). Each symbol is the table entry closest to its
//! six widths scaled to eleven modules, and the check symbol must equal the start's value plus
//! every data value times its position, modulo 103: that is what keeps a stray pattern out.

use crate::linear::Run;

/// Run widths (in modules) of the symbol values 0–105; 103, 104 and 105 start code sets A, B
/// and C.
pub const PATTERNS: [[u8; 6]; 106] = [
    [2, 1, 2, 2, 2, 2],
    [2, 2, 2, 1, 2, 2],
    [2, 2, 2, 2, 2, 1],
    [1, 2, 1, 2, 2, 3],
    [1, 2, 1, 3, 2, 2],
    [1, 3, 1, 2, 2, 2],
    [1, 2, 2, 2, 1, 3],
    [1, 2, 2, 3, 1, 2],
    [1, 3, 2, 2, 1, 2],
    [2, 2, 1, 2, 1, 3],
    [2, 2, 1, 3, 1, 2],
    [2, 3, 1, 2, 1, 2],
    [1, 1, 2, 2, 3, 2],
    [1, 2, 2, 1, 3, 2],
    [1, 2, 2, 2, 3, 1],
    [1, 1, 3, 2, 2, 2],
    [1, 2, 3, 1, 2, 2],
    [1, 2, 3, 2, 2, 1],
    [2, 2, 3, 2, 1, 1],
    [2, 2, 1, 1, 3, 2],
    [2, 2, 1, 2, 3, 1],
    [2, 1, 3, 2, 1, 2],
    [2, 2, 3, 1, 1, 2],
    [3, 1, 2, 1, 3, 1],
    [3, 1, 1, 2, 2, 2],
    [3, 2, 1, 1, 2, 2],
    [3, 2, 1, 2, 2, 1],
    [3, 1, 2, 2, 1, 2],
    [3, 2, 2, 1, 1, 2],
    [3, 2, 2, 2, 1, 1],
    [2, 1, 2, 1, 2, 3],
    [2, 1, 2, 3, 2, 1],
    [2, 3, 2, 1, 2, 1],
    [1, 1, 1, 3, 2, 3],
    [1, 3, 1, 1, 2, 3],
    [1, 3, 1, 3, 2, 1],
    [1, 1, 2, 3, 1, 3],
    [1, 3, 2, 1, 1, 3],
    [1, 3, 2, 3, 1, 1],
    [2, 1, 1, 3, 1, 3],
    [2, 3, 1, 1, 1, 3],
    [2, 3, 1, 3, 1, 1],
    [1, 1, 2, 1, 3, 3],
    [1, 1, 2, 3, 3, 1],
    [1, 3, 2, 1, 3, 1],
    [1, 1, 3, 1, 2, 3],
    [1, 1, 3, 3, 2, 1],
    [1, 3, 3, 1, 2, 1],
    [3, 1, 3, 1, 2, 1],
    [2, 1, 1, 3, 3, 1],
    [2, 3, 1, 1, 3, 1],
    [2, 1, 3, 1, 1, 3],
    [2, 1, 3, 3, 1, 1],
    [2, 1, 3, 1, 3, 1],
    [3, 1, 1, 1, 2, 3],
    [3, 1, 1, 3, 2, 1],
    [3, 3, 1, 1, 2, 1],
    [3, 1, 2, 1, 1, 3],
    [3, 1, 2, 3, 1, 1],
    [3, 3, 2, 1, 1, 1],
    [3, 1, 4, 1, 1, 1],
    [2, 2, 1, 4, 1, 1],
    [4, 3, 1, 1, 1, 1],
    [1, 1, 1, 2, 2, 4],
    [1, 1, 1, 4, 2, 2],
    [1, 2, 1, 1, 2, 4],
    [1, 2, 1, 4, 2, 1],
    [1, 4, 1, 1, 2, 2],
    [1, 4, 1, 2, 2, 1],
    [1, 1, 2, 2, 1, 4],
    [1, 1, 2, 4, 1, 2],
    [1, 2, 2, 1, 1, 4],
    [1, 2, 2, 4, 1, 1],
    [1, 4, 2, 1, 1, 2],
    [1, 4, 2, 2, 1, 1],
    [2, 4, 1, 2, 1, 1],
    [2, 2, 1, 1, 1, 4],
    [4, 1, 3, 1, 1, 1],
    [2, 4, 1, 1, 1, 2],
    [1, 3, 4, 1, 1, 1],
    [1, 1, 1, 2, 4, 2],
    [1, 2, 1, 1, 4, 2],
    [1, 2, 1, 2, 4, 1],
    [1, 1, 4, 2, 1, 2],
    [1, 2, 4, 1, 1, 2],
    [1, 2, 4, 2, 1, 1],
    [4, 1, 1, 2, 1, 2],
    [4, 2, 1, 1, 1, 2],
    [4, 2, 1, 2, 1, 1],
    [2, 1, 2, 1, 4, 1],
    [2, 1, 4, 1, 2, 1],
    [4, 1, 2, 1, 2, 1],
    [1, 1, 1, 1, 4, 3],
    [1, 1, 1, 3, 4, 1],
    [1, 3, 1, 1, 4, 1],
    [1, 1, 4, 1, 1, 3],
    [1, 1, 4, 3, 1, 1],
    [4, 1, 1, 1, 1, 3],
    [4, 1, 1, 3, 1, 1],
    [1, 1, 3, 1, 4, 1],
    [1, 1, 4, 1, 3, 1],
    [3, 1, 1, 1, 4, 1],
    [4, 1, 1, 1, 3, 1],
    [2, 1, 1, 4, 1, 2],
    [2, 1, 1, 2, 1, 4],
    [2, 1, 1, 2, 3, 2],
];

/// Run widths of the stop symbol (its last bar is the termination bar).
pub const STOP: [u8; 7] = [2, 3, 3, 1, 1, 1, 2];

/// How far (in modules, summed over a symbol's six runs) a symbol may be from its table entry.
const MAX_SYMBOL_ERROR: f32 = 2.0;

/// Symbol values with a meaning of their own.
const START_A: u8 = 103;
const START_C: u8 = 105;
const FNC1: u8 = 102;
const CODE_A: u8 = 101;
const CODE_B: u8 = 100;
const CODE_C: u8 = 99;
const SHIFT: u8 = 98;

/// A Code 128 whose start symbol's first bar is `runs[start]`: its text, if the symbols, the
/// stop and the check symbol all agree.
pub(crate) fn read(runs: &[Run], start: usize) -> Option<String> {
    let quiet = runs.get(start.checked_sub(1)?)?;
    let (first, module) = symbol(runs.get(start..start + 6)?)?;
    if !(START_A..=START_C).contains(&first) || quiet.len < module * 5.0 {
        return None;
    }
    let mut values = vec![first];
    let mut at = start + 6;
    loop {
        if is_stop(runs.get(at..at + 8)?, module) {
            break;
        }
        values.push(symbol(runs.get(at..at + 6)?)?.0);
        at += 6;
    }
    let (check, data) = values.split_last().filter(|(_, data)| data.len() >= 2)?;
    let sum: u32 = data.iter().enumerate().map(|(i, &v)| u32::from(v) * (i as u32).max(1)).sum();
    (sum % 103 == u32::from(*check)).then(|| text_of(data)).flatten()
}

/// The symbol value closest to these six runs, and the module width they show.
fn symbol(runs: &[Run]) -> Option<(u8, f32)> {
    if !runs[0].dark {
        return None;
    }
    let total: f32 = runs.iter().map(|r| r.len).sum();
    let module = total / 11.0;
    let seen: Vec<f32> = runs.iter().map(|r| r.len / module).collect();
    PATTERNS
        .iter()
        .enumerate()
        .map(|(v, widths)| (widths.iter().zip(&seen).map(|(&w, s)| (f32::from(w) - s).abs()).sum::<f32>(), v as u8))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(e, _)| *e <= MAX_SYMBOL_ERROR)
        .map(|(_, v)| (v, module))
}

/// Whether these eight runs are the stop symbol at about this module width and the quiet zone
/// after it (which is what tells the stop from a data symbol that starts like it).
fn is_stop(runs: &[Run], module: f32) -> bool {
    let (stop, quiet) = (&runs[..7], runs[7]);
    let seen = stop.iter().map(|r| r.len).sum::<f32>() / 13.0;
    stop[0].dark
        && quiet.len >= module * 5.0
        && (seen - module).abs() <= module * 0.35
        && STOP.iter().zip(stop).map(|(&w, r)| (f32::from(w) - r.len / seen).abs()).sum::<f32>() <= MAX_SYMBOL_ERROR
}

/// The text of a start symbol and data values, following the code set switches.
fn text_of(values: &[u8]) -> Option<String> {
    #[derive(Clone, Copy, PartialEq)]
    enum Set {
        A,
        B,
        C,
    }
    let mut set = match values[0] {
        START_A => Set::A,
        START_C => Set::C,
        _ => Set::B,
    };
    let mut text = String::new();
    let mut shifted = false;
    for &v in &values[1..] {
        let now = if shifted {
            shifted = false;
            if set == Set::A { Set::B } else { Set::A }
        } else {
            set
        };
        match (now, v) {
            (_, FNC1) => {
                // GS1-128: the leading FNC1 only marks the symbology; later ones separate fields.
                if !text.is_empty() {
                    text.push('\u{1d}');
                }
            }
            (Set::C, 0..=99) => text.push_str(&format!("{v:02}")),
            (Set::C, CODE_B) | (Set::A, CODE_B) => set = Set::B,
            (Set::C, CODE_A) | (Set::B, CODE_A) => set = Set::A,
            (Set::A | Set::B, CODE_C) => set = Set::C,
            (Set::A | Set::B, SHIFT) => shifted = true,
            (Set::A, 0..=63) => text.push(char::from(v + 32)),
            (Set::A, 64..=95) => text.push(char::from(v - 64)),
            (Set::B, 0..=95) => text.push(char::from(v + 32)),
            // FNC2–FNC4 and anything else carry no text a shop's code uses.
            _ => return None,
        }
    }
    (!text.is_empty()).then_some(text)
}
