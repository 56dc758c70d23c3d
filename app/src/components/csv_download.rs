//! Saves text as a CSV file in the browser: a Blob, an object URL, a click on a temporary link.

use wasm_bindgen::JsCast;

/// Offers `text` for download as `file_name` (UTF-8 with a byte-order mark, so a spreadsheet
/// reads the Chinese right). Returns whether the browser took it.
pub fn download_csv(file_name: &str, text: &str) -> bool {
    let save = || -> Option<()> {
        let parts = js_sys::Array::of1(&format!("\u{feff}{text}").into());
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/csv;charset=utf-8");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let document = web_sys::window()?.document()?;
        let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
        link.set_href(&url);
        link.set_download(file_name);
        link.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    };
    save().is_some()
}
