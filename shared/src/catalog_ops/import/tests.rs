use super::*;
use crate::catalog_ops::draft::PLACEHOLDER_IMAGE;
use crate::catalog_ops::{CatalogFacts, ProductDraft};

fn facts() -> CatalogFacts {
    let mut f = CatalogFacts::default();
    f.counters.insert("S1".into(), ["S1-C01".to_owned(), "S1-C03".to_owned()].into());
    f.counters.insert("S2".into(), ["S2-C11".to_owned()].into());
    f.barcodes.insert("6901234567892".into(), "SKU-OLD".into());
    f.skus.insert("SKU-OLD".into());
    f
}

const HEADER: &str = "sku,name,name_en,brand,category,price_fen,barcode,counter_ids\r\n";

fn reasons(text: &str) -> Vec<(usize, String)> {
    plan(text, &facts()).report.rejected.into_iter().map(|r| (r.line, r.reason)).collect()
}

fn rejected_line(text: &str) -> (usize, String) {
    let r = reasons(text);
    assert_eq!(r.len(), 1, "{r:?}");
    r[0].clone()
}

#[test]
fn good_lines_count_creates_and_updates_and_are_planned() {
    let text = format!(
        "\u{feff}{HEADER}SKU-A,杯子,Cup,Thermos,home,1990,4006381333931,S1:S1-C03;S2:S2-C11\r\n\
         SKU-OLD,旧品,Old,Nike,shoes,100,6901234567892,S1:S1-C01\r\n"
    );
    let p = plan(&text, &facts());
    assert_eq!((p.report.created, p.report.updated, p.report.rejected.len()), (1, 1, 0));
    assert_eq!(p.drafts.len(), 2);
    assert_eq!(p.drafts[0].counters().len(), 2);
}

#[test]
fn one_bad_line_means_no_drafts_and_the_report_names_the_line() {
    let text = format!(
        "{HEADER}SKU-A,杯子,Cup,Thermos,home,1990,4006381333931,S1:S1-C03\nSKU-B,杯,Cup,T,home,-5,4006381333948,S1:S1-C03\n"
    );
    let p = plan(&text, &facts());
    assert!(p.drafts.is_empty());
    assert_eq!(
        p.report.rejected,
        vec![Rejected { line: 3, reason: "price_fen: an amount of money cannot be negative".into() }]
    );
    assert_eq!(p.report.created, 1, "the good line is still counted");
}

#[test]
fn a_missing_required_column_or_an_unknown_or_doubled_one_refuses_the_header() {
    assert_eq!(rejected_line("sku,name\nA,b\n"), (1, "the header lacks the column 'name_en'".into()));
    assert_eq!(rejected_line(&HEADER.replace("brand", "brand,weight")), (1, "unknown column 'weight'".into()));
    assert_eq!(rejected_line(&HEADER.replace("brand", "brand,sku")), (1, "column 'sku' appears twice".into()));
    assert_eq!(rejected_line(""), (1, "the file is empty: it needs a header row".into()));
}

#[test]
fn missing_and_extra_fields_are_refused() {
    let (line, why) = rejected_line(&format!("{HEADER}SKU-A,杯子,Cup\n"));
    assert_eq!((line, why.as_str()), (2, "has 3 fields, the header has 8"));
    let (_, why) = rejected_line(&format!("{HEADER}SKU-A,杯子,Cup,T,home,1990,4006381333931,S1:S1-C03,extra\n"));
    assert_eq!(why, "has 9 fields, the header has 8");
}

#[test]
fn a_bad_value_is_refused_naming_its_column() {
    let line = |price: &str, code: &str, counters: &str| {
        rejected_line(&format!("{HEADER}SKU-A,杯子,Cup,T,home,{price},{code},{counters}\n")).1
    };
    assert!(line("12.5", "4006381333931", "S1:S1-C03").starts_with("price_fen:"));
    assert!(line("100", "4006381333932", "S1:S1-C03").starts_with("barcode:"));
    assert!(line("100", "6901234567892", "S1:S1-C03").contains("already the barcode of SKU-OLD"));
    assert!(line("100", "4006381333931", "S1-C03").starts_with("counter_ids:"));
    assert!(line("100", "4006381333931", "S1:S1-C03;S1:S1-C01").contains("named twice"));
    assert!(line("100", "4006381333931", "S9:S9-C1").contains("no store S9"));
    assert!(line("100", "4006381333931", "").starts_with("counter_ids:"));
}

#[test]
fn the_same_sku_or_barcode_twice_in_a_file_is_refused_on_the_second_line() {
    let text = format!(
        "{HEADER}SKU-A,a,A,T,home,1,4006381333931,S1:S1-C03\nSKU-A,b,B,T,home,1,4006381333948,S1:S1-C03\n\
         SKU-C,c,C,T,home,1,4006381333931,S1:S1-C03\n"
    );
    assert_eq!(
        reasons(&text),
        vec![
            (3, "sku: SKU-A is also on line 2".to_owned()),
            (4, "barcode: 4006381333931 is also on line 2".to_owned())
        ]
    );
}

#[test]
fn broken_quoting_is_refused_at_its_line() {
    assert_eq!(rejected_line(&format!("{HEADER}SKU-A,\"open,x\n")).0, 2);
    assert_eq!(rejected_line(&format!("{HEADER}SKU-A,a\"b,x\n")).0, 2);
}

#[test]
fn quoted_names_with_commas_and_newlines_and_optional_columns_are_read() {
    let text = "sku,name,name_en,brand,category,price_fen,barcode,counter_ids,color,size,group,image,description\n\
                SKU-A,\"杯子, 大\",\"The \"\"big\"\" cup\",T,home,1,4006381333931,S1:S1-C03,红,L,G-CUP,,\"two\nlines\"\n";
    let p = plan(text, &facts());
    assert_eq!(p.report.rejected, vec![]);
    let d = &p.drafts[0];
    assert_eq!((d.name(), d.name_en(), d.description()), ("杯子, 大", "The \"big\" cup", "two\nlines"));
    assert_eq!((d.attributes().color.as_deref(), d.image()), (Some("红"), PLACEHOLDER_IMAGE));
}

fn product_of(d: &ProductDraft) -> (Product, BTreeMap<String, String>) {
    let product = Product {
        sku: d.sku().clone(),
        name: d.name().into(),
        name_en: d.name_en().into(),
        brand: d.brand().into(),
        category: d.category().clone(),
        price_fen: d.price(),
        barcode: d.barcode().clone(),
        image: d.image().into(),
        counter_id: None,
        group: d.group().cloned(),
        attributes: d.attributes().clone(),
    };
    let counters = d.counters().iter().map(|(s, c)| (s.to_string(), c.to_string())).collect();
    (product, counters)
}

#[test]
fn an_export_reads_back_as_the_same_products() {
    let text = "sku,name,name_en,brand,category,price_fen,barcode,counter_ids,color,size,group,image,description\n\
                SKU-A,\"杯子, 大\",\"The \"\"big\"\" cup\",T,home,1,4006381333931,S1:S1-C03;S2:S2-C11,红,L,G-CUP,/img/a.svg,\"two\nlines\"\n\
                SKU-OLD,旧,Old,N,shoes,0,6901234567892,S1:S1-C01,,,,,\n";
    let first = plan(text, &facts());
    assert_eq!(first.drafts.len(), 2);
    let rows: Vec<_> = first.drafts.iter().map(product_of).collect();
    let export_rows: Vec<ExportRow<'_>> = rows
        .iter()
        .zip(&first.drafts)
        .map(|((p, c), d)| ExportRow { product: p, counters: c, description: d.description() })
        .collect();
    let again = plan(&export(&export_rows), &facts());
    assert_eq!(again.report.rejected, vec![]);
    assert_eq!(again.drafts, first.drafts);
}
