//! A product's picture uploaded to the worker (`POST /api/manage/images`, served at
//! `GET /api/images/{id}`). What the file is comes from its first bytes, never from a name or
//! a header the browser sends: JPEG, PNG or WebP, at most [`MAX_IMAGE_BYTES`]. Its id is the
//! hash of its bytes, so the same file uploaded twice is one image, and what an id names never
//! changes (the answer may be cached for good: [`IMMUTABLE`]).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The largest picture accepted: about 1 MB (what a phone photo shrunk for the web weighs).
pub const MAX_IMAGE_BYTES: usize = 1_000_000;

/// `Cache-Control` of an image: its id is its content, so it never changes.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The kinds of picture a product may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    /// `image/jpeg`
    Jpeg,
    /// `image/png`
    Png,
    /// `image/webp`
    Webp,
}

impl ImageKind {
    /// The kind the file's first bytes say, if it is one of ours.
    pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
        match bytes {
            [0xFF, 0xD8, 0xFF, ..] => Some(ImageKind::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(ImageKind::Png),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(ImageKind::Webp),
            _ => None,
        }
    }
    /// Its media type.
    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
        }
    }
    /// Reads a stored media type.
    pub fn parse(content_type: &str) -> Option<ImageKind> {
        [ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp].into_iter().find(|k| k.content_type() == content_type)
    }
}

/// Why an upload was refused (422 `INVALID`, naming `image`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// Nothing was sent.
    #[error("image: the file is empty")]
    Empty,
    /// Over [`MAX_IMAGE_BYTES`].
    #[error("image: {0} bytes is over the limit of {MAX_IMAGE_BYTES}")]
    TooLarge(usize),
    /// Not a JPEG, PNG or WebP file.
    #[error("image: must be a JPEG, PNG or WebP file")]
    UnknownType,
}

/// An image id: the first 32 hex digits of the SHA-256 of its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ImageId(String);

impl ImageId {
    /// Reads an id from a path; anything else than 32 lower-case hex digits is not one.
    pub fn parse(text: &str) -> Option<ImageId> {
        let ok = text.len() == 32 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| ImageId(text.to_owned()))
    }
    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Where the worker serves it (what a product's `image` points to).
    pub fn url(&self) -> String {
        format!("/api/images/{}", self.0)
    }
}

/// An accepted picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductImage {
    id: ImageId,
    kind: ImageKind,
    bytes: Vec<u8>,
}

impl ProductImage {
    /// Checks an uploaded file: its size, then what its first bytes say it is.
    pub fn parse(bytes: Vec<u8>) -> Result<ProductImage, ImageError> {
        if bytes.is_empty() {
            return Err(ImageError::Empty);
        }
        if bytes.len() > MAX_IMAGE_BYTES {
            return Err(ImageError::TooLarge(bytes.len()));
        }
        let kind = ImageKind::sniff(&bytes).ok_or(ImageError::UnknownType)?;
        let digest = Sha256::digest(&bytes);
        let id = ImageId(digest[..16].iter().map(|b| format!("{b:02x}")).collect());
        Ok(ProductImage { id, kind, bytes })
    }
    /// Reads a stored image back (its media type and base64 text); `None` if the row is not one.
    pub fn from_stored(content_type: &str, base64: &str) -> Option<ProductImage> {
        let bytes = STANDARD.decode(base64).ok()?;
        let image = ProductImage::parse(bytes).ok()?;
        (image.kind == ImageKind::parse(content_type)?).then_some(image)
    }
    /// Its id.
    pub fn id(&self) -> &ImageId {
        &self.id
    }
    /// Its kind.
    pub fn kind(&self) -> ImageKind {
        self.kind
    }
    /// Its bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
    /// The bytes as stored (base64 text: a D1 column that any client reads back the same).
    pub fn stored_text(&self) -> String {
        STANDARD.encode(&self.bytes)
    }
    /// What the upload answers.
    pub fn receipt(&self) -> UploadedImage {
        UploadedImage {
            id: self.id.as_str().to_owned(),
            url: self.id.url(),
            content_type: self.kind.content_type().to_owned(),
            bytes: self.bytes.len() as u64,
        }
    }
}

/// `POST /api/manage/images` answer: where the image is now served.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedImage {
    /// Its id (the hash of its bytes).
    pub id: String,
    /// Its address, for a product's `image`.
    pub url: String,
    /// `image/jpeg`, `image/png` or `image/webp`.
    pub content_type: String,
    /// Its size.
    pub bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    const WEBP: &[u8] = b"RIFF\x10\0\0\0WEBPVP8 ";
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16];

    #[test]
    fn jpeg_png_and_webp_are_told_by_their_first_bytes() {
        let kinds: Vec<_> =
            [JPEG, PNG, WEBP].iter().map(|b| ProductImage::parse(b.to_vec()).map(|i| i.kind())).collect();
        assert_eq!(kinds, vec![Ok(ImageKind::Jpeg), Ok(ImageKind::Png), Ok(ImageKind::Webp)]);
        assert_eq!(ProductImage::parse(b"GIF89a....".to_vec()), Err(ImageError::UnknownType));
        assert_eq!(ProductImage::parse(b"<svg onload=x>".to_vec()), Err(ImageError::UnknownType));
        assert_eq!(ProductImage::parse(b"RIFF\0\0\0\0WAVE".to_vec()), Err(ImageError::UnknownType));
        assert_eq!(ProductImage::parse(Vec::new()), Err(ImageError::Empty));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_naming_the_field() {
        let mut big = JPEG.to_vec();
        big.resize(MAX_IMAGE_BYTES + 1, 0);
        let e = ProductImage::parse(big).expect_err("too large");
        assert_eq!(e, ImageError::TooLarge(MAX_IMAGE_BYTES + 1));
        assert!(e.to_string().starts_with("image:"), "{e}");
        let mut at_limit = JPEG.to_vec();
        at_limit.resize(MAX_IMAGE_BYTES, 0);
        assert!(ProductImage::parse(at_limit).is_ok());
    }

    #[test]
    fn the_id_is_the_content_and_the_url_serves_it() {
        let a = ProductImage::parse(PNG.to_vec()).expect("png");
        assert_eq!(a.id(), ProductImage::parse(PNG.to_vec()).expect("png").id(), "same bytes, same id");
        assert_eq!(ImageId::parse(a.id().as_str()).as_ref(), Some(a.id()));
        assert_eq!(a.receipt().url, format!("/api/images/{}", a.id().as_str()));
        assert_eq!(a.receipt().content_type, "image/png");
        for bad in ["", "../etc", "ABCDEF0123456789ABCDEF0123456789", &"a".repeat(33)] {
            assert_eq!(ImageId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_stored_image_reads_back_only_as_what_it_was() {
        let a = ProductImage::parse(WEBP.to_vec()).expect("webp");
        assert_eq!(ProductImage::from_stored("image/webp", &a.stored_text()), Some(a.clone()));
        assert_eq!(ProductImage::from_stored("image/png", &a.stored_text()), None, "another type");
        assert_eq!(ProductImage::from_stored("image/webp", "not base64!"), None);
    }

    proptest! {
        #[test]
        fn anything_not_starting_like_an_image_is_refused(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let sniffed = ImageKind::sniff(&bytes);
            match ProductImage::parse(bytes.clone()) {
                Ok(image) => {
                    prop_assert_eq!(Some(image.kind()), sniffed);
                    prop_assert_eq!(image.bytes(), &bytes[..]);
                }
                Err(e) => prop_assert!(sniffed.is_none() || bytes.is_empty(), "{e}"),
            }
        }

        #[test]
        fn different_files_have_different_ids(tail_a in any::<Vec<u8>>(), tail_b in any::<Vec<u8>>()) {
            prop_assume!(tail_a != tail_b);
            let a = ProductImage::parse([JPEG, &tail_a].concat()).expect("jpeg");
            let b = ProductImage::parse([JPEG, &tail_b].concat()).expect("jpeg");
            prop_assert_ne!(a.id(), b.id());
        }
    }
}
