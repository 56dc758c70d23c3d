//! Reads codes from camera frames for browsers without `BarcodeDetector`.
//!
//! The app grabs a frame from the `<video>` into a canvas a few times a second, turns it into
//! grayscale bytes (one per pixel, row by row) and hands them to [`decode`]. This crate is built
//! into its own `.wasm` and JS glue (`target/dist/scanner/`, see `xtask/src/scanner.rs`) and the
//! app imports it only when the camera opens, so nobody pays for it on the first load.
//!
//! QR codes are read by `rqrr`; EAN-13 and EAN-8 by the small scan-line reader in [`linear`],
//! Code 128 by [`code128`] on the same scan lines.

pub mod code128;
pub mod linear;

use wasm_bindgen::prelude::*;

/// The kind of symbol a code was read from (the names `BarcodeDetector` uses).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A QR code.
    Qr,
    /// A 13-digit EAN barcode.
    Ean13,
    /// An 8-digit EAN barcode.
    Ean8,
    /// A Code 128 barcode (code sets A, B and C).
    Code128,
}

impl Format {
    /// The name `BarcodeDetector` gives this format.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Qr => "qr_code",
            Format::Ean13 => "ean_13",
            Format::Ean8 => "ean_8",
            Format::Code128 => "code_128",
        }
    }
}

/// A code read from a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    /// The symbol it came from.
    pub format: Format,
    /// Its text (digits for EAN).
    pub text: String,
}

/// The first code found in a grayscale frame (`luma.len() == width * height`), QR first.
pub fn read(luma: &[u8], width: usize, height: usize) -> Option<Read> {
    if width == 0 || height == 0 || luma.len() < width * height {
        return None;
    }
    read_qr(luma, width, height).or_else(|| linear::read(luma, width, height))
}

/// rqrr finds a QR code's corner squares by filling regions of one colour, which a camera's
/// pixel noise breaks up; when the frame as it is shows none, a 3×3 average joins them again.
fn read_qr(luma: &[u8], width: usize, height: usize) -> Option<Read> {
    let at = |x: usize, y: usize| u32::from(luma[y * width + x]);
    let smooth = |x: usize, y: usize| {
        let (x0, x1) = (x.saturating_sub(1), (x + 1).min(width - 1));
        let (y0, y1) = (y.saturating_sub(1), (y + 1).min(height - 1));
        let sum: u32 = (y0..=y1).flat_map(|y| (x0..=x1).map(move |x| (x, y))).map(|(x, y)| at(x, y)).sum();
        (sum / ((x1 - x0 + 1) * (y1 - y0 + 1)) as u32) as u8
    };
    first_qr(width, height, |x, y| luma[y * width + x]).or_else(|| first_qr(width, height, smooth))
}

fn first_qr(width: usize, height: usize, pixel: impl FnMut(usize, usize) -> u8) -> Option<Read> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, pixel);
    image
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok())
        .map(|(_, text)| Read { format: Format::Qr, text })
}

/// What the JS side receives: the format's `BarcodeDetector` name and the text.
#[wasm_bindgen]
pub struct Found {
    format: &'static str,
    text: String,
}

#[wasm_bindgen]
impl Found {
    /// `qr_code`, `ean_13`, `ean_8` or `code_128`.
    #[wasm_bindgen(getter)]
    pub fn format(&self) -> String {
        self.format.to_owned()
    }
    /// The code's text.
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.text.clone()
    }
}

/// The wasm entry point: the first code in a grayscale frame, or `undefined`.
#[wasm_bindgen]
pub fn decode(luma: &[u8], width: u32, height: u32) -> Option<Found> {
    read(luma, width as usize, height as usize).map(|r| Found { format: r.format.as_str(), text: r.text })
}

#[cfg(test)]
mod tests;
