use super::*;
use proptest::prelude::*;

const MEMBER: &str = "000000420171003141";
const PRODUCT: &str = "6901234567892";

#[test]
fn a_member_code_is_taken_where_member_codes_are() {
    let s = accept(MEMBER, Symbology::Qr, &[CodeKind::MemberCode]).unwrap();
    assert_eq!((s.kind(), s.text()), (CodeKind::MemberCode, MEMBER));
}

#[test]
fn a_product_barcode_where_a_member_code_is_expected_is_named() {
    assert_eq!(
        accept(PRODUCT, Symbology::Ean, &[CodeKind::MemberCode]),
        Err(ScanError::WrongKind { found: CodeKind::ProductBarcode })
    );
}

#[test]
fn a_member_code_on_the_stock_screen_is_named() {
    assert_eq!(
        accept(MEMBER, Symbology::Typed, &[CodeKind::ProductBarcode]),
        Err(ScanError::WrongKind { found: CodeKind::MemberCode })
    );
}

#[test]
fn ean_bars_are_only_ever_a_product() {
    assert_eq!(kinds_of(PRODUCT, Symbology::Ean), vec![CodeKind::ProductBarcode]);
    assert_eq!(kinds_of("6901234567893", Symbology::Ean), Vec::<CodeKind>::new(), "bad check digit");
    assert_eq!(kinds_of("96385074", Symbology::Ean), vec![CodeKind::ProductBarcode]);
}

#[test]
fn thirteen_typed_digits_are_taken_as_what_the_screen_wants() {
    // A valid EAN-13 is also the shape of a 13-digit pickup code.
    assert_eq!(accept(PRODUCT, Symbology::Typed, &[CodeKind::PickupCode]).unwrap().kind(), CodeKind::PickupCode);
    assert_eq!(
        accept(PRODUCT, Symbology::Typed, &[CodeKind::ProductBarcode]).unwrap().kind(),
        CodeKind::ProductBarcode
    );
}

#[test]
fn pickup_codes_are_twelve_to_sixteen_digits() {
    assert_eq!(kinds_of("123456123456", Symbology::Qr), vec![CodeKind::PickupCode]);
    assert_eq!(kinds_of("12345612345", Symbology::Qr), Vec::<CodeKind>::new());
    assert_eq!(kinds_of("12345612345612345", Symbology::Qr), Vec::<CodeKind>::new());
}

#[test]
fn an_exit_pass_is_the_scan_and_go_pass_format() {
    // Pickup number (6 digits), expiry (10), tag (8): the shape `ScannedPass::read` takes.
    let pass = "123456178000000012345678";
    assert_eq!(accept(pass, Symbology::Qr, &[CodeKind::ExitPass]).unwrap().kind(), CodeKind::ExitPass);
    assert_eq!(
        accept(pass, Symbology::Qr, &[CodeKind::MemberCode]),
        Err(ScanError::WrongKind { found: CodeKind::ExitPass })
    );
    assert_eq!(kinds_of("EP-S2-7f3a9c", Symbology::Qr), Vec::<CodeKind>::new());
    assert_eq!(kinds_of("https://x.example/?a=1", Symbology::Qr), Vec::<CodeKind>::new());
}

#[test]
fn spaces_are_dropped_and_blank_or_foreign_text_is_refused() {
    let s = accept(" 000000 420171 003141 ", Symbology::Typed, &[CodeKind::MemberCode]).unwrap();
    assert_eq!(s.text(), MEMBER);
    assert_eq!(accept("  ", Symbology::Typed, &CodeKind::ALL), Err(ScanError::Empty));
    assert_eq!(accept("hello world!", Symbology::Qr, &CodeKind::ALL), Err(ScanError::Unknown));
    assert_eq!(accept("12", Symbology::Code128, &CodeKind::ALL), Err(ScanError::Unknown));
}

#[test]
fn detector_format_names_map_to_symbols() {
    assert_eq!(Symbology::from_format("qr_code"), Symbology::Qr);
    assert_eq!(Symbology::from_format("ean_8"), Symbology::Ean);
    assert_eq!(Symbology::from_format("code_128"), Symbology::Code128);
    assert_eq!(Symbology::from_format("aztec"), Symbology::Typed);
}

proptest! {
    /// What is accepted is always one of the accepted kinds, and a refusal as the wrong kind
    /// names a kind the screen does not take.
    #[test]
    fn acceptance_respects_the_screen(text in "[0-9A-Za-z -]{0,20}", mask in 1u8..16) {
        let accepted: Vec<CodeKind> = CodeKind::ALL.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, k)| *k).collect();
        match accept(&text, Symbology::Typed, &accepted) {
            Ok(s) => prop_assert!(accepted.contains(&s.kind())),
            Err(ScanError::WrongKind { found }) => prop_assert!(!accepted.contains(&found)),
            Err(_) => {}
        }
    }
}
