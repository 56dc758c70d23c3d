//! Writes a Y4M video for Chromium's fake camera (`--use-file-for-fake-video-capture`) showing
//! one code, for the end-to-end tests of the app's scanner (tests/e2e/scanner.test.mjs):
//!
//! ```text
//! fake_camera qr <text> <out.y4m>       a QR code (the `qrcode` crate)
//! fake_camera ean13 <13 digits> <out.y4m>  an EAN-13 barcode (drawn here)
//! ```
//! 640×480, 4:2:0, a few identical frames (Chromium loops the file), grey chroma.

use std::io::Write;

const W: usize = 640;
const H: usize = 480;
const FRAMES: usize = 5;

/// A light-grey frame (a camera never sees pure white) with `dark` modules of `scale` pixels
/// drawn black-ish, centred.
fn draw(modules: &[Vec<bool>], scale: usize) -> Vec<u8> {
    let mut luma = vec![215u8; W * H];
    let (mh, mw) = (modules.len() * scale, modules.first().map_or(0, Vec::len) * scale);
    let (x0, y0) = ((W - mw) / 2, (H - mh) / 2);
    for (my, row) in modules.iter().enumerate() {
        for (mx, &dark) in row.iter().enumerate() {
            if dark {
                for y in y0 + my * scale..y0 + (my + 1) * scale {
                    luma[y * W + x0 + mx * scale..y * W + x0 + (mx + 1) * scale].fill(30);
                }
            }
        }
    }
    luma
}

fn qr(text: &str) -> Result<Vec<u8>, String> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| e.to_string())?;
    let n = code.width();
    let colors = code.to_colors();
    let quiet = 4;
    let modules: Vec<Vec<bool>> = (0..n + 2 * quiet)
        .map(|y| {
            (0..n + 2 * quiet)
                .map(|x| {
                    let inside = (quiet..n + quiet).contains(&x) && (quiet..n + quiet).contains(&y);
                    inside && colors[(y - quiet) * n + x - quiet] == qrcode::Color::Dark
                })
                .collect()
        })
        .collect();
    Ok(draw(&modules, (400 / modules.len()).max(2)))
}

/// The 95 modules of an EAN-13 (true = bar), from 13 digits with a valid check digit.
fn ean13(digits: &str) -> Result<Vec<u8>, String> {
    let code = shared::barcode::Ean13::parse(digits).map_err(|e| e.to_string())?;
    const L: [&str; 10] =
        ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"];
    const PARITY: [&str; 10] =
        ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLG", "LGLGLG", "LGLGGL", "LGGLGL"];
    let d: Vec<usize> = code.as_str().bytes().map(|b| usize::from(b - b'0')).collect();
    let bits = |s: &str| s.bytes().map(|b| b == b'1').collect::<Vec<bool>>();
    let mut m = vec![false; 11];
    m.extend(bits("101"));
    for (k, &digit) in d[1..7].iter().enumerate() {
        let l = bits(L[digit]);
        let g = PARITY[d[0]].as_bytes()[k] == b'G';
        m.extend(if g { l.iter().rev().map(|b| !b).collect() } else { l });
    }
    m.extend(bits("01010"));
    for &digit in &d[7..] {
        m.extend(bits(L[digit]).into_iter().map(|b| !b));
    }
    m.extend(bits("101"));
    m.extend([false; 11]);
    let rows = vec![m; 50];
    Ok(draw(&rows, 4))
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, text, out] = args.as_slice() else {
        return Err("usage: fake_camera qr|ean13 <text> <out.y4m>".into());
    };
    let luma = match kind.as_str() {
        "qr" => qr(text)?,
        "ean13" => ean13(text)?,
        other => return Err(format!("unknown kind {other}")),
    };
    let mut file = std::fs::File::create(out).map_err(|e| format!("{out}: {e}"))?;
    let mut video = format!("YUV4MPEG2 W{W} H{H} F10:1 Ip A1:1 C420jpeg\n").into_bytes();
    for _ in 0..FRAMES {
        video.extend_from_slice(b"FRAME\n");
        video.extend_from_slice(&luma);
        video.extend(std::iter::repeat_n(128u8, W * H / 2));
    }
    file.write_all(&video).map_err(|e| format!("{out}: {e}"))
}
