//! Frames made by the tests: QR codes from the `qrcode` crate and EAN barcodes from a tiny
//! renderer, drawn at several sizes, turned and with noise, then read back.

use super::*;
use linear::check_digit_ok;

/// A grayscale frame the tests draw into (255 white, 0 black).
struct Frame {
    width: usize,
    height: usize,
    luma: Vec<u8>,
}

impl Frame {
    fn white(width: usize, height: usize) -> Self {
        Self { width, height, luma: vec![255; width * height] }
    }

    fn read(&self) -> Option<Read> {
        read(&self.luma, self.width, self.height)
    }

    /// A square of `modules` (true = dark) drawn `scale` pixels a module, at (x0, y0).
    fn draw(&mut self, modules: &[Vec<bool>], scale: usize, x0: usize, y0: usize) {
        for (my, row) in modules.iter().enumerate() {
            for (mx, &dark) in row.iter().enumerate() {
                for y in y0 + my * scale..y0 + (my + 1) * scale {
                    for x in x0 + mx * scale..x0 + (mx + 1) * scale {
                        if dark {
                            self.luma[y * self.width + x] = 0;
                        }
                    }
                }
            }
        }
    }

    /// The frame turned by `degrees` about its centre (nearest pixel; white outside).
    fn rotated(&self, degrees: f32) -> Self {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let (cx, cy) = (self.width as f32 / 2.0, self.height as f32 / 2.0);
        let mut out = Self::white(self.width, self.height);
        for y in 0..self.height {
            for x in 0..self.width {
                let (dx, dy) = (x as f32 - cx, y as f32 - cy);
                let sx = (cos * dx + sin * dy + cx).round();
                let sy = (-sin * dx + cos * dy + cy).round();
                if sx >= 0.0 && sy >= 0.0 && (sx as usize) < self.width && (sy as usize) < self.height {
                    out.luma[y * self.width + x] = self.luma[sy as usize * self.width + sx as usize];
                }
            }
        }
        out
    }

    /// The frame shown at `factor` of its size (nearest pixel).
    fn scaled(&self, factor: f32) -> Self {
        let (w, h) = ((self.width as f32 * factor) as usize, (self.height as f32 * factor) as usize);
        let mut out = Self::white(w, h);
        for y in 0..h {
            for x in 0..w {
                let (sx, sy) = ((x as f32 / factor) as usize, (y as f32 / factor) as usize);
                out.luma[y * w + x] = self.luma[sy.min(self.height - 1) * self.width + sx.min(self.width - 1)];
            }
        }
        out
    }

    /// A camera's view: contrast squeezed to grey-on-grey, a lighting slope across the frame
    /// and ±`amplitude` of pseudo-random noise on every pixel (fixed seed).
    fn noisy(&self, amplitude: i32) -> Self {
        let mut seed: u32 = 0x2545_f491;
        let mut out = Self::white(self.width, self.height);
        for (i, &v) in self.luma.iter().enumerate() {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let noise = (seed % (2 * amplitude as u32 + 1)) as i32 - amplitude;
            let slope = ((i % self.width) * 40 / self.width) as i32;
            let grey = 40 + i32::from(v) * 160 / 255 - slope;
            out.luma[i] = (grey + noise).clamp(0, 255) as u8;
        }
        out
    }
}

fn qr_frame(text: &str, scale: usize) -> Frame {
    let code = qrcode::QrCode::new(text.as_bytes()).expect("text fits a QR code");
    let n = code.width();
    let colors = code.to_colors();
    let modules: Vec<Vec<bool>> =
        (0..n).map(|y| (0..n).map(|x| colors[y * n + x] == qrcode::Color::Dark).collect()).collect();
    let side = (n + 8) * scale + 40;
    let mut frame = Frame::white(side, side);
    frame.draw(&modules, scale, 4 * scale + 20, 4 * scale + 20);
    frame
}

/// The 95 (EAN-13) or 67 (EAN-8) modules of a barcode, true for a bar.
fn ean_modules(digits: &str) -> Vec<bool> {
    const L: [&str; 10] =
        ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"];
    const PARITY: [&str; 10] =
        ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLG", "LGLGLG", "LGLGGL", "LGGLGL"];
    let d: Vec<usize> = digits.bytes().map(|b| usize::from(b - b'0')).collect();
    let (first, left, right): (Option<usize>, &[usize], &[usize]) =
        if d.len() == 13 { (Some(d[0]), &d[1..7], &d[7..]) } else { (None, &d[..4], &d[4..]) };
    let bits = |s: &str| s.bytes().map(|b| b == b'1').collect::<Vec<bool>>();
    let mut m = bits("101");
    for (k, &digit) in left.iter().enumerate() {
        let l = bits(L[digit]);
        let g = first.is_some_and(|f| PARITY[f].as_bytes()[k] == b'G');
        // G is the R pattern (L inverted) read backwards.
        m.extend(if g { l.iter().rev().map(|b| !b).collect() } else { l });
    }
    m.extend(bits("01010"));
    for &digit in right {
        m.extend(bits(L[digit]).into_iter().map(|b| !b));
    }
    m.extend(bits("101"));
    m
}

fn ean_frame(digits: &str, scale: usize) -> Frame {
    let modules = ean_modules(digits);
    let row: Vec<bool> = std::iter::repeat_n(false, 11).chain(modules).chain(std::iter::repeat_n(false, 11)).collect();
    let rows = vec![row; 60];
    // Square, so that a quarter turn keeps the whole barcode in the frame.
    let side = rows[0].len() * scale + 80;
    let mut frame = Frame::white(side, side);
    frame.draw(&rows, scale, 40, (side - 60 * scale) / 2);
    frame
}

/// A member code as the app shows it (18 digits).
const MEMBER_CODE: &str = "000000420171003141";

#[test]
fn a_qr_code_is_read_at_several_sizes() {
    for scale in [3, 4, 7] {
        let read = qr_frame(MEMBER_CODE, scale).read();
        assert_eq!(read, Some(Read { format: Format::Qr, text: MEMBER_CODE.into() }), "scale {scale}");
    }
}

#[test]
fn a_qr_code_is_read_turned_scaled_and_noisy() {
    let frame = qr_frame("EP-S2-7f3a9c", 5);
    for degrees in [12.0, 90.0, 180.0, -30.0] {
        assert_eq!(frame.rotated(degrees).read().map(|r| r.text).as_deref(), Some("EP-S2-7f3a9c"), "{degrees}°");
    }
    assert_eq!(frame.scaled(0.7).read().map(|r| r.text).as_deref(), Some("EP-S2-7f3a9c"));
    assert_eq!(frame.noisy(20).read().map(|r| r.text).as_deref(), Some("EP-S2-7f3a9c"));
}

#[test]
fn an_ean13_is_read_at_several_sizes() {
    for scale in [2, 3, 5] {
        let read = ean_frame("6901234567892", scale).read();
        assert_eq!(read, Some(Read { format: Format::Ean13, text: "6901234567892".into() }), "scale {scale}");
    }
}

#[test]
fn every_first_digit_of_an_ean13_is_read_from_the_parity_pattern() {
    for first in 0..10u8 {
        let mut digits: Vec<u8> = std::iter::once(first).chain([2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).collect();
        let sum: u32 = digits.iter().enumerate().map(|(i, &d)| u32::from(d) * if i % 2 == 0 { 1 } else { 3 }).sum();
        digits.push(((10 - sum % 10) % 10) as u8);
        let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        assert_eq!(ean_frame(&text, 3).read().map(|r| r.text), Some(text));
    }
}

#[test]
fn an_ean13_is_read_turned_scaled_and_noisy() {
    let frame = ean_frame("2000000000015", 3);
    for degrees in [6.0, -8.0, 90.0, 180.0, 270.0] {
        assert_eq!(frame.rotated(degrees).read().map(|r| r.text).as_deref(), Some("2000000000015"), "{degrees}°");
    }
    assert_eq!(frame.scaled(0.75).read().map(|r| r.text).as_deref(), Some("2000000000015"));
    assert_eq!(frame.scaled(1.6).read().map(|r| r.text).as_deref(), Some("2000000000015"));
    assert_eq!(frame.noisy(25).read().map(|r| r.text).as_deref(), Some("2000000000015"));
}

#[test]
fn an_ean8_is_read() {
    let read = ean_frame("96385074", 3).read();
    assert_eq!(read, Some(Read { format: Format::Ean8, text: "96385074".into() }));
}

#[test]
fn a_barcode_with_a_wrong_check_digit_is_not_read() {
    assert_eq!(ean_frame("6901234567893", 3).read(), None);
}

#[test]
fn an_empty_or_flat_frame_holds_no_code() {
    assert_eq!(Frame::white(320, 240).read(), None);
    assert_eq!(read(&[], 0, 0), None);
    assert_eq!(read(&[0; 10], 20, 20), None, "too few bytes for the size");
}

#[test]
fn check_digits_follow_gs1() {
    assert!(check_digit_ok(&[6, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2]));
    assert!(check_digit_ok(&[9, 6, 3, 8, 5, 0, 7, 4]));
    assert!(!check_digit_ok(&[9, 6, 3, 8, 5, 0, 7, 5]));
}

/// The modules of a Code 128 in code set B (or C when `digits_in_c` and the text is an even
/// number of digits), with its check symbol and stop, true for a bar.
fn code128_modules(text: &str, digits_in_c: bool) -> Vec<bool> {
    use code128::{PATTERNS, STOP};
    let in_c = digits_in_c && text.len().is_multiple_of(2) && text.bytes().all(|b| b.is_ascii_digit());
    let mut values: Vec<u8> = vec![if in_c { 105 } else { 104 }];
    if in_c {
        values.extend(text.as_bytes().chunks(2).map(|p| (p[0] - b'0') * 10 + (p[1] - b'0')));
    } else {
        values.extend(text.bytes().map(|b| b - 32));
    }
    let sum: u32 = values.iter().enumerate().map(|(i, &v)| u32::from(v) * (i as u32).max(1)).sum();
    values.push((sum % 103) as u8);
    let mut widths: Vec<u8> = values.iter().flat_map(|&v| PATTERNS[usize::from(v)]).collect();
    widths.extend(STOP);
    widths.iter().enumerate().flat_map(|(i, &w)| std::iter::repeat_n(i % 2 == 0, usize::from(w))).collect()
}

fn code128_frame(text: &str, digits_in_c: bool, scale: usize) -> Frame {
    let row: Vec<bool> = std::iter::repeat_n(false, 12)
        .chain(code128_modules(text, digits_in_c))
        .chain(std::iter::repeat_n(false, 12))
        .collect();
    let rows = vec![row; 50];
    let side = rows[0].len() * scale + 60;
    let mut frame = Frame::white(side, side);
    frame.draw(&rows, scale, 30, (side - 50 * scale) / 2);
    frame
}

#[test]
fn the_code128_table_is_well_formed() {
    use code128::{PATTERNS, STOP};
    for (v, p) in PATTERNS.iter().enumerate() {
        assert_eq!(p.iter().map(|&w| u32::from(w)).sum::<u32>(), 11, "symbol {v} is 11 modules");
        // ISO/IEC 15417: the bars of every symbol add up to an even number of modules.
        assert_eq!((p[0] + p[2] + p[4]) % 2, 0, "symbol {v} has even bar parity");
        assert!(p.iter().all(|&w| (1..=4).contains(&w)));
    }
    let mut distinct = PATTERNS.to_vec();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 106, "no two symbols share a pattern");
    assert_eq!(STOP.iter().map(|&w| u32::from(w)).sum::<u32>(), 13);
}

#[test]
fn a_code128_in_code_set_b_is_read_at_several_sizes() {
    for scale in [2, 3, 5] {
        let read = code128_frame("EP-S2-7f3a9c", false, scale).read();
        assert_eq!(read, Some(Read { format: Format::Code128, text: "EP-S2-7f3a9c".into() }), "scale {scale}");
    }
}

#[test]
fn a_code128_in_code_set_c_reads_its_digit_pairs() {
    let read = code128_frame(MEMBER_CODE, true, 3).read();
    assert_eq!(read, Some(Read { format: Format::Code128, text: MEMBER_CODE.into() }));
}

#[test]
fn a_code128_is_read_turned_scaled_and_noisy() {
    let frame = code128_frame("SKU-1024", false, 3);
    for degrees in [5.0, -7.0, 90.0, 180.0, 270.0] {
        assert_eq!(frame.rotated(degrees).read().map(|r| r.text).as_deref(), Some("SKU-1024"), "{degrees}°");
    }
    assert_eq!(frame.scaled(0.8).read().map(|r| r.text).as_deref(), Some("SKU-1024"));
    assert_eq!(frame.noisy(25).read().map(|r| r.text).as_deref(), Some("SKU-1024"));
}

#[test]
fn a_code128_with_a_wrong_check_symbol_is_not_read() {
    let mut modules = code128_modules("SKU-1024", false);
    // The check symbol is the 11 modules before the 13 of the stop: make it another symbol.
    let at = modules.len() - 13 - 11;
    let other: Vec<bool> = code128::PATTERNS[7]
        .iter()
        .enumerate()
        .flat_map(|(i, &w)| std::iter::repeat_n(i % 2 == 0, usize::from(w)))
        .collect();
    modules.splice(at..at + 11, other);
    let row: Vec<bool> = std::iter::repeat_n(false, 12).chain(modules).chain(std::iter::repeat_n(false, 12)).collect();
    let mut frame = Frame::white(row.len() * 3 + 60, 200);
    frame.draw(&vec![row; 40], 3, 30, 40);
    assert_eq!(frame.read(), None);
}
