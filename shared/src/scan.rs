//! What a scanned code is. The camera (or a guide typing) yields a text and, when a camera read
//! it, the kind of symbol it was printed as; [`accept`] decides which of the shop's codes it is
//! and whether the screen that scanned it wants that kind, so a product barcode held up where a
//! member code is expected is named as such instead of being sent to the server.
//!
//! The shop's codes, by what they look like:
//! * member code: 18 digits (`member_code`), shown as QR and barcode in the customer's app;
//! * pickup code: 12–16 digits (`pickup`), shown as QR;
//! * product barcode: an EAN-13 or EAN-8 with a valid check digit, printed on the goods;
//! * exit pass: the scan-and-go pass, a QR of letters, digits and `-_.` that is not all digits.
//!
//! A 13-digit pickup code can also pass the EAN-13 check digit, so digits alone cannot always
//! tell; the symbol can (goods carry EAN bars, the app shows QR), and so can what the screen
//! accepts: a typed code is taken as the first accepted kind it can be.

use crate::barcode::Ean13;

/// The shop's kinds of scannable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodeKind {
    /// A customer's dynamic member code (identifies, pays at the counter).
    MemberCode,
    /// An order's pickup code.
    PickupCode,
    /// A product's EAN barcode.
    ProductBarcode,
    /// A scan-and-go exit pass.
    ExitPass,
}

impl CodeKind {
    /// Every kind, in the order [`accept`] names a wrong one.
    pub const ALL: [CodeKind; 4] =
        [CodeKind::MemberCode, CodeKind::PickupCode, CodeKind::ProductBarcode, CodeKind::ExitPass];

    /// A stable name (`member_code`, `pickup_code`, `product_barcode`, `exit_pass`).
    pub fn as_str(self) -> &'static str {
        match self {
            CodeKind::MemberCode => "member_code",
            CodeKind::PickupCode => "pickup_code",
            CodeKind::ProductBarcode => "product_barcode",
            CodeKind::ExitPass => "exit_pass",
        }
    }
}

/// The kind of symbol a code was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symbology {
    /// A QR code.
    Qr,
    /// EAN-13 or EAN-8 bars (also UPC-A, which is an EAN-13 starting with 0).
    Ean,
    /// Code-128 bars.
    Code128,
    /// Typed by hand, or a symbol the reader does not name.
    Typed,
}

impl Symbology {
    /// From the format names of the browser's `BarcodeDetector` (and the app's decoder).
    pub fn from_format(name: &str) -> Self {
        match name {
            "qr_code" => Symbology::Qr,
            "ean_13" | "ean_8" | "upc_a" => Symbology::Ean,
            "code_128" => Symbology::Code128,
            _ => Symbology::Typed,
        }
    }
}

/// Why a scanned text was not taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    /// Nothing but spaces.
    #[error("nothing was read")]
    Empty,
    /// It is none of the shop's codes.
    #[error("this is not a code the shop uses")]
    Unknown,
    /// One of the shop's codes, but not one this screen takes.
    #[error("this is a {}, not what this screen takes", .found.as_str())]
    WrongKind {
        /// What it is.
        found: CodeKind,
    },
}

/// A code this screen takes: its kind and its text (spaces removed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scanned {
    kind: CodeKind,
    text: String,
}

impl Scanned {
    /// What kind of code it is.
    pub fn kind(&self) -> CodeKind {
        self.kind
    }
    /// The code, without spaces.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Whether eight digits are an EAN-8 (check digit with weights 3, 1, 3… from the left).
fn is_ean8(digits: &str) -> bool {
    let d: Vec<u32> = digits.bytes().map(|b| u32::from(b.wrapping_sub(b'0'))).collect();
    let [data @ .., check] = d.as_slice() else { return false };
    let sum: u32 = data.iter().enumerate().map(|(i, v)| v * if i % 2 == 0 { 3 } else { 1 }).sum();
    d.len() == 8 && (10 - sum % 10) % 10 == *check
}

/// Every kind `text` could be, read from `symbology`, most likely first.
pub fn kinds_of(text: &str, symbology: Symbology) -> Vec<CodeKind> {
    let all_digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    let product = all_digits
        && match text.len() {
            13 => Ean13::parse(text).is_ok(),
            8 => is_ean8(text),
            _ => false,
        };
    if symbology == Symbology::Ean {
        return if product { vec![CodeKind::ProductBarcode] } else { Vec::new() };
    }
    let mut kinds = Vec::new();
    if all_digits {
        if text.len() == 18 {
            kinds.push(CodeKind::MemberCode);
        }
        if (12..=16).contains(&text.len()) {
            kinds.push(CodeKind::PickupCode);
        }
        if product {
            kinds.push(CodeKind::ProductBarcode);
        }
        // The scan-and-go exit pass: pickup number, expiry and tag, 24 to 30 digits.
        if crate::scan_go::ScannedPass::read(text).is_some() {
            kinds.push(CodeKind::ExitPass);
        }
    }
    kinds
}

/// Takes a scanned or typed text when it is one of the `accepted` kinds; otherwise says what it
/// is ([`ScanError::WrongKind`]) or that it is none of the shop's codes.
pub fn accept(text: &str, symbology: Symbology, accepted: &[CodeKind]) -> Result<Scanned, ScanError> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if text.is_empty() {
        return Err(ScanError::Empty);
    }
    let kinds = kinds_of(&text, symbology);
    match kinds.iter().find(|k| accepted.contains(k)) {
        Some(&kind) => Ok(Scanned { kind, text }),
        None => match kinds.first() {
            Some(&found) => Err(ScanError::WrongKind { found }),
            None => Err(ScanError::Unknown),
        },
    }
}

#[cfg(test)]
mod tests;
