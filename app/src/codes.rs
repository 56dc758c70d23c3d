//! Drawing codes: a QR code and a Code 128 barcode as SVG, by the `qrcode` and `barcoders`
//! crates, and the digit grouping shown under them.

use qrcode::QrCode;
use qrcode::render::svg;

/// An SVG QR code of `text`, at least `size` px square, or `None` if it cannot be encoded.
pub fn qr_svg(text: &str, size: u32) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(code.render::<svg::Color>().min_dimensions(size, size).quiet_zone(true).build())
}

/// An SVG Code 128 barcode of a digit string (character set C: two digits per symbol).
pub fn barcode_svg(digits: &str, height: u32) -> Option<String> {
    if digits.is_empty() || !digits.len().is_multiple_of(2) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let encoded = barcoders::sym::code128::Code128::new(format!("Ć{digits}")).ok()?.encode();
    barcoders::generators::svg::SVG::new(height).xdim(2).generate(&encoded).ok()
}

/// Digits in groups of four for reading aloud: `1000 0001 2080 3633 78`.
pub fn grouped(digits: &str) -> String {
    digits.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_draw_as_svg() {
        let qr = qr_svg("100000012080363378", 200).unwrap();
        assert!(qr.contains("<svg") && qr.contains("<path"));
        let bar = barcode_svg("100000012080363378", 60).unwrap();
        assert!(bar.contains("<svg") && bar.contains("<rect"));
        assert_eq!(barcode_svg("123", 60), None, "odd digit counts are refused");
        assert_eq!(barcode_svg("12a4", 60), None);
    }

    #[test]
    fn digits_group_by_four() {
        assert_eq!(grouped("100000012080363378"), "1000 0001 2080 3633 78");
        assert_eq!(grouped(""), "");
    }
}
