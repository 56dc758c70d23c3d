//! What the camera scanner ([`crate::components::scanner::Scanner`]) is doing and what it does
//! with each code it reads: a plain struct, tested natively, that the component drives from the
//! camera's events. Which kind a code is belongs to the core (`shared::scan`); this decides the
//! screen's reaction: take it (and stop the camera), or say it is the wrong kind and keep the
//! camera open, or ignore the same unreadable code read again a few frames later.

use shared::scan::{CodeKind, ScanError, Scanned, Symbology, accept};

/// Where the camera is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Closed: the Scan button and the manual field are shown.
    Closed,
    /// Asked for the camera; waiting for the browser (and the person) to answer.
    Starting,
    /// Showing the camera and reading codes; `torch` is `Some(on)` where the camera has one.
    Live {
        /// The torch's state, if the camera can light one.
        torch: Option<bool>,
    },
    /// The person (or the browser's settings) refused the camera.
    Refused,
    /// This device has no camera, or no camera the page may use.
    NoCamera,
}

/// What the screen says under the camera after a read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// One of the shop's codes, but not one this screen takes.
    WrongKind(CodeKind),
    /// Not a code the shop uses.
    Unknown,
}

/// The scanner of one screen: the kinds it takes, its camera's phase, its last notice.
#[derive(Clone, Debug)]
pub struct ScannerState {
    accepted: Vec<CodeKind>,
    phase: Phase,
    notice: Option<Notice>,
    /// The last refused text and when (ms): the camera sees the same code many times a second.
    last_refused: Option<(String, f64)>,
}

/// How long the same refused code stays quiet before it is reported again.
const REPEAT_MS: f64 = 2_000.0;

impl ScannerState {
    /// A closed scanner taking `accepted` kinds.
    pub fn new(accepted: &[CodeKind]) -> Self {
        Self { accepted: accepted.to_vec(), phase: Phase::Closed, notice: None, last_refused: None }
    }

    /// The camera's phase.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The notice to show, if any.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// The kinds this screen takes.
    pub fn accepted(&self) -> &[CodeKind] {
        &self.accepted
    }

    /// Whether the camera is (being) opened, so its tracks must be stopped when leaving.
    pub fn camera_wanted(&self) -> bool {
        matches!(self.phase, Phase::Starting | Phase::Live { .. })
    }

    /// The Scan button was pressed.
    pub fn open(&mut self) {
        self.phase = Phase::Starting;
        self.notice = None;
        self.last_refused = None;
    }

    /// The camera shows; `has_torch` from the track's capabilities.
    pub fn started(&mut self, has_torch: bool) {
        if self.phase == Phase::Starting {
            self.phase = Phase::Live { torch: has_torch.then_some(false) };
        }
    }

    /// The camera could not start; `error` is the `DOMException`'s name from `getUserMedia`.
    pub fn failed(&mut self, error: &str) {
        self.phase = match error {
            "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => Phase::Refused,
            _ => Phase::NoCamera,
        };
    }

    /// The torch's next state (`None` when there is no torch to switch).
    pub fn toggle_torch(&mut self) -> Option<bool> {
        match &mut self.phase {
            Phase::Live { torch: Some(on) } => {
                *on = !*on;
                Some(*on)
            }
            _ => None,
        }
    }

    /// The view closed or the person pressed Close.
    pub fn close(&mut self) {
        self.phase = Phase::Closed;
    }

    /// A code the camera read (`format` as `BarcodeDetector` names it) at `now_ms`. An accepted
    /// code closes the camera and is returned; anything else leaves the camera reading.
    pub fn read(&mut self, text: &str, format: &str, now_ms: f64) -> Option<Scanned> {
        if !matches!(self.phase, Phase::Live { .. }) {
            return None;
        }
        match accept(text, Symbology::from_format(format), &self.accepted) {
            Ok(scanned) => {
                self.phase = Phase::Closed;
                self.notice = None;
                Some(scanned)
            }
            Err(e) => {
                let repeat = self.last_refused.as_ref().is_some_and(|(t, at)| t == text && now_ms - at < REPEAT_MS);
                if !repeat {
                    self.notice = notice_of(&e);
                    self.last_refused = Some((text.to_owned(), now_ms));
                }
                None
            }
        }
    }

    /// A code typed into the manual field.
    pub fn typed(&mut self, text: &str) -> Option<Scanned> {
        match accept(text, Symbology::Typed, &self.accepted) {
            Ok(scanned) => {
                self.notice = None;
                Some(scanned)
            }
            Err(e) => {
                self.notice = notice_of(&e);
                None
            }
        }
    }
}

fn notice_of(e: &ScanError) -> Option<Notice> {
    match e {
        ScanError::Empty => None,
        ScanError::Unknown => Some(Notice::Unknown),
        ScanError::WrongKind { found } => Some(Notice::WrongKind(*found)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEMBER: &str = "000000420171003141";
    const PRODUCT: &str = "6901234567892";

    fn live() -> ScannerState {
        let mut s = ScannerState::new(&[CodeKind::MemberCode]);
        s.open();
        s.started(true);
        s
    }

    #[test]
    fn an_accepted_code_closes_the_camera() {
        let mut s = live();
        let scanned = s.read(MEMBER, "qr_code", 0.0).expect("taken");
        assert_eq!(scanned.kind(), CodeKind::MemberCode);
        assert_eq!(s.phase(), Phase::Closed);
        assert!(!s.camera_wanted());
    }

    #[test]
    fn a_wrong_kind_is_named_and_the_camera_stays_open() {
        let mut s = live();
        assert_eq!(s.read(PRODUCT, "ean_13", 0.0), None);
        assert_eq!(s.notice(), Some(&Notice::WrongKind(CodeKind::ProductBarcode)));
        assert!(matches!(s.phase(), Phase::Live { .. }));
        assert!(s.read(MEMBER, "qr_code", 100.0).is_some(), "the right code still works after");
    }

    #[test]
    fn refusal_and_missing_camera_are_told_apart() {
        let mut s = ScannerState::new(&[CodeKind::MemberCode]);
        s.open();
        s.failed("NotAllowedError");
        assert_eq!(s.phase(), Phase::Refused);
        s.open();
        s.failed("NotFoundError");
        assert_eq!(s.phase(), Phase::NoCamera);
        assert!(!s.camera_wanted());
    }

    #[test]
    fn the_torch_switches_only_where_there_is_one() {
        let mut s = live();
        assert_eq!(s.phase(), Phase::Live { torch: Some(false) });
        assert_eq!(s.toggle_torch(), Some(true));
        assert_eq!(s.toggle_torch(), Some(false));
        let mut dark = ScannerState::new(&[CodeKind::MemberCode]);
        dark.open();
        dark.started(false);
        assert_eq!(dark.toggle_torch(), None);
    }

    #[test]
    fn reads_before_the_camera_shows_or_after_it_closed_are_ignored() {
        let mut s = ScannerState::new(&[CodeKind::MemberCode]);
        assert_eq!(s.read(MEMBER, "qr_code", 0.0), None);
        s.open();
        assert_eq!(s.read(MEMBER, "qr_code", 0.0), None);
        s.started(false);
        s.close();
        s.started(true);
        assert_eq!(s.phase(), Phase::Closed, "a late start after Close does not reopen");
    }

    #[test]
    fn the_same_refused_code_is_not_reported_again_at_once() {
        let mut s = live();
        s.read("hello!", "qr_code", 0.0);
        assert_eq!(s.notice(), Some(&Notice::Unknown));
        s.read(PRODUCT, "ean_13", 500.0);
        assert_eq!(s.notice(), Some(&Notice::WrongKind(CodeKind::ProductBarcode)), "a different code is reported");
    }

    #[test]
    fn typed_codes_go_through_the_same_rules() {
        let mut s = ScannerState::new(&[CodeKind::ProductBarcode]);
        assert_eq!(s.typed(MEMBER), None);
        assert_eq!(s.notice(), Some(&Notice::WrongKind(CodeKind::MemberCode)));
        assert_eq!(s.typed(PRODUCT).map(|c| c.kind()), Some(CodeKind::ProductBarcode));
        assert_eq!(s.notice(), None);
        assert_eq!(s.typed("   "), None);
    }
}
