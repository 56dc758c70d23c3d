//! RFC 8291 Appendix A and RFC 8292 §2.4, reproduced exactly; round trips; refusals.

use super::encrypt::{key_info, schedule, uncompressed};
use super::*;
use chrono::{DateTime, Duration, Utc};
use p256::SecretKey;

// RFC 8291 §5 / Appendix A: every input and intermediate value of the watermelon example.
const PLAINTEXT: &str = "When I grow up, I want to be a watermelon";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
const UA_PUBLIC: &str = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const UA_PRIVATE: &str = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
const AS_PUBLIC: &str = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
const AS_PRIVATE: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
const SALT: &str = "DGv6ra1nlYgDCS1FRnbzlw";
const ECDH_SECRET: &str = "kyrL1jIIOHEzg3sM2ZWRHDRB62YACZhhSlknJ672kSs";
const KEY_INFO: &str = concat!(
    "V2ViUHVzaDogaW5mbwAEJXGyvs3942BVGq8e0PTNNmwRzr5VX4m8t7GGpTM5FzFo7OLr4BhZe9MEebhuPI-OztV3",
    "ylkYfpJGmQ22ggCLDgT-M_SrDepxkU21WCP3O1SUj0EwbZIHMtu5pZpTKGSCIA5Zent7wmC6HCJ5mFgJkuk5cwAv",
    "MBKiiujwa7t45ewP"
);
const IKM: &str = "S4lYMb_L0FxCeq0WhDx813KgSYqU26kOyzWUdsXYyrg";
const PRK: &str = "09_eUZGrsvxChDCGRCdkLiDXrReGOEVeSCdCcPBSJSc";
const CEK: &str = "oIhVW04MRdy2XN9CiKLxTg";
const NONCE: &str = "4h_95klXJ5E_qnoN";
const HEADER: &str = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
const CIPHERTEXT: &str = "8pfeW0KbunFT06SuDKoJH9Ql87S1QUrdirN6GcG7sFz1y1sqLgVi1VhjVkHsUoEsbI_0LpXMuGvnzQ";
const BODY: &str = concat!(
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmY",
    "WAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexS",
    "gSxsj_Qulcy4a-fN"
);

fn bytes<const N: usize>(text: &str) -> [u8; N] {
    from_b64url(text).and_then(|b| b.try_into().ok()).expect("vector decodes")
}

fn subscription() -> Subscription {
    Subscription::parse("https://push.example.net/push/JzLQ3raZJfFBR0aqvOMsLrt54w4rJUsV", UA_PUBLIC, AUTH)
        .expect("the RFC's subscription")
}

fn sender() -> EphemeralKey {
    EphemeralKey::from_bytes(&bytes(AS_PRIVATE)).expect("the RFC's sender key")
}

#[test]
fn every_intermediate_value_of_rfc_8291_appendix_a_is_reproduced() {
    let (to, key) = (subscription(), sender());
    assert_eq!(b64url(&key.public_bytes()), AS_PUBLIC);
    let ua_public = uncompressed(to.public_key());
    assert_eq!(b64url(&ua_public), UA_PUBLIC);
    assert_eq!(b64url(&key_info(&ua_public, &key.public_bytes())), KEY_INFO);
    let as_secret = SecretKey::from_slice(&bytes::<32>(AS_PRIVATE)).expect("scalar");
    let s = schedule(&as_secret, to.public_key(), &bytes(AUTH), &ua_public, &key.public_bytes(), &bytes(SALT));
    assert_eq!(b64url(&s.ecdh_secret), ECDH_SECRET);
    assert_eq!(b64url(&s.ikm), IKM);
    assert_eq!(b64url(&s.prk), PRK);
    assert_eq!(b64url(&s.cek), CEK);
    assert_eq!(b64url(&s.nonce), NONCE);
}

#[test]
fn the_watermelon_message_encrypts_to_the_rfcs_body_byte_for_byte() {
    let body = encrypt(&subscription(), PLAINTEXT.as_bytes(), 0, &sender(), &bytes(SALT)).expect("fits");
    assert_eq!(b64url(&body[..86]), HEADER);
    assert_eq!(b64url(&body[86..]), CIPHERTEXT);
    assert_eq!(b64url(&body), BODY);
    assert_eq!(body.len(), 86 + PLAINTEXT.len() + 1 + 16);
    assert_eq!(&body[16..21], &[0, 0, 0x10, 0, 65], "record size 4096, a 65-octet key id");
}

#[test]
fn the_browser_opens_the_rfcs_body_and_our_own_with_padding() {
    let ua = SecretKey::from_slice(&bytes::<32>(UA_PRIVATE)).expect("scalar");
    let rfc = from_b64url(BODY).expect("body");
    assert_eq!(open(&rfc, &ua, &bytes(AUTH)), Ok(PLAINTEXT.as_bytes().to_vec()));
    let key = EphemeralKey::from_bytes(&[7; 32]).expect("scalar");
    let text = "优惠券 24 小时内到期".as_bytes();
    let body = encrypt(&subscription(), text, 100, &key, &[9; 16]).expect("fits");
    assert_eq!(body.len(), 86 + text.len() + 1 + 100 + 16);
    assert_eq!(open(&body, &ua, &bytes(AUTH)), Ok(text.to_vec()));
    let mut altered = body.clone();
    altered[100] ^= 1;
    assert_eq!(open(&altered, &ua, &bytes(AUTH)), Err(OpenError::Forged));
    assert_eq!(open(&body, &ua, &[0; 16]), Err(OpenError::Forged), "another auth secret");
    assert_eq!(open(&body[..90], &ua, &bytes(AUTH)), Err(OpenError::Malformed));
}

#[test]
fn a_message_over_one_record_is_refused() {
    let (to, key, salt) = (subscription(), sender(), bytes(SALT));
    assert!(encrypt(&to, &[b'x'; MAX_PLAINTEXT], 0, &key, &salt).is_ok());
    let whole = encrypt(&to, &[b'x'; MAX_PLAINTEXT], 0, &key, &salt).expect("fits");
    assert_eq!(whole.len(), RECORD_SIZE as usize, "the largest message fills the record exactly");
    assert_eq!(encrypt(&to, &[b'x'; MAX_PLAINTEXT], 1, &key, &salt), Err(EncryptError::TooLong));
    assert_eq!(encrypt(&to, &[b'x'; MAX_PLAINTEXT + 1], 0, &key, &salt), Err(EncryptError::TooLong));
    assert!(EphemeralKey::from_bytes(&[0; 32]).is_none(), "zero is no key");
    assert!(EphemeralKey::from_bytes(&[0xff; 32]).is_none(), "above the curve order");
}

#[test]
fn malformed_subscriptions_say_which_field() {
    let ok = "https://fcm.googleapis.com/fcm/send/abc";
    assert!(Subscription::parse(ok, UA_PUBLIC, AUTH).is_ok());
    assert!(Subscription::parse("http://127.0.0.1:8788/push/1", UA_PUBLIC, &format!("{AUTH}==")).is_ok());
    for endpoint in ["", "ftp://x/y", "http://push.example.net/a", "https:///a", "https://ex ample.net/"] {
        assert_eq!(Subscription::parse(endpoint, UA_PUBLIC, AUTH), Err(SubscriptionError::Endpoint), "{endpoint}");
    }
    let mut off_curve = from_b64url(UA_PUBLIC).expect("point");
    off_curve[40] ^= 0xff;
    for key in ["", "AAAA", &AS_PUBLIC[..60], &b64url(&off_curve), "!!"] {
        assert_eq!(Subscription::parse(ok, key, AUTH), Err(SubscriptionError::PublicKey), "{key}");
    }
    for auth in ["", "BTBZMqHH6r4Tts7J", "BTBZMqHH6r4Tts7J_aSIggAA", "*"] {
        assert_eq!(Subscription::parse(ok, UA_PUBLIC, auth), Err(SubscriptionError::AuthSecret), "{auth}");
    }
    assert_eq!(subscription().audience(), "https://push.example.net");
    let local = Subscription::parse("http://127.0.0.1:9/p?x=1", UA_PUBLIC, AUTH).expect("loopback");
    assert_eq!(local.audience(), "http://127.0.0.1:9");
}

// RFC 8292 §2.4: the example token and the key that signed it.
const RFC8292_JWT: &str = concat!(
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.",
    "eyJhdWQiOiJodHRwczovL3B1c2guZXhhbXBsZS5uZXQiLCJleHAiOjE0NTM1MjM3NjgsInN1YiI6Im1haWx0bzpwdXNoQGV4YW1wbGUuY29tIn0.",
    "i3CYb7t4xfxCDquptFOepC9GAu_HLGkMlMuCGSK2rpiUfnK9ojFwDXb1JrErtmysazNjjvW2L9OkSSHzvoD1oA"
);
const RFC8292_K: &str = "BA1Hxzyi1RUM1b5wjxsn7nGxAszw2u61m164i3MrAIxHF6YK5h4SDYic-dRuU_RCPCfA5aq9ojSwk5Y2EmClBPs";

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).expect("in range")
}

#[test]
fn the_rfc_8292_example_verifies_and_our_token_has_its_exact_shape() {
    let claims = verify_authorization(&format!("vapid t={RFC8292_JWT}, k={RFC8292_K}")).expect("the RFC's token");
    assert_eq!(
        (claims.audience(), claims.expires(), claims.subject()),
        ("https://push.example.net", 1_453_523_768, "mailto:push@example.com")
    );
    // The same claims signed by us: header and claims encode to the RFC's first two parts.
    let ours = VapidClaims::parse(
        "https://push.example.net",
        "mailto:push@example.com",
        at(1_453_523_768),
        at(1_453_523_768 - 3600),
    )
    .expect("valid");
    assert_eq!(ours, claims);
    let key = VapidKey::from_bytes(&[3; 32]).expect("scalar");
    let token = key.token(&ours);
    let rfc_input = RFC8292_JWT.rsplit_once('.').map(|(i, _)| i).expect("three parts");
    assert!(token.starts_with(&format!("{rfc_input}.")), "{token}");
    assert_eq!(token.rsplit_once('.').map(|(_, s)| from_b64url(s).map(|b| b.len())), Some(Some(64)));
    let header = key.authorization(&ours);
    assert_eq!(header, format!("vapid t={token}, k={}", key.public_key()));
    assert_eq!(from_b64url(&key.public_key()).map(|k| (k.len(), k[0])), Some((65, 4)));
    assert_eq!(verify_authorization(&header), Ok(ours));
}

#[test]
fn a_changed_claim_or_another_key_does_not_verify() {
    let later = b64url(br#"{"aud":"https://push.example.net","exp":1453523769,"sub":"mailto:push@example.com"}"#);
    let parts: Vec<&str> = RFC8292_JWT.split('.').collect();
    let tampered = format!("{}.{later}.{}", parts[0], parts[2]);
    assert_eq!(verify_authorization(&format!("vapid t={tampered}, k={RFC8292_K}")), Err(VapidError::Signature));
    let other = VapidKey::from_bytes(&[5; 32]).expect("scalar").public_key();
    assert_eq!(verify_authorization(&format!("vapid t={RFC8292_JWT}, k={other}")), Err(VapidError::Signature));
    for bad in ["", "Bearer x", "vapid t=a.b, k=x", &format!("vapid t={RFC8292_JWT}")] {
        assert_eq!(verify_authorization(bad), Err(VapidError::Malformed), "{bad}");
    }
}

#[test]
fn claims_need_an_origin_a_contact_and_a_near_expiry() {
    let now = at(1_800_000_000);
    let ok = |aud: &str, sub: &str, exp| VapidClaims::parse(aud, sub, exp, now);
    assert!(ok("https://push.example.net", "mailto:ops@edgemall.cn", now + Duration::hours(24)).is_ok());
    assert_eq!(
        ok("https://push.example.net/p/1", "mailto:ops@edgemall.cn", now + Duration::hours(1)),
        Err(VapidError::Audience)
    );
    assert_eq!(ok("https://push.example.net", "ops@edgemall.cn", now + Duration::hours(1)), Err(VapidError::Subject));
    assert_eq!(
        ok("https://push.example.net", "mailto:ops@edgemall.cn", now + Duration::hours(24) + Duration::seconds(1)),
        Err(VapidError::Expiry)
    );
    assert_eq!(ok("https://push.example.net", "mailto:ops@edgemall.cn", now), Err(VapidError::Expiry));
    let claims = VapidClaims::for_subscription(&subscription(), "mailto:ops@edgemall.cn", now).expect("valid");
    assert_eq!(
        (claims.audience(), claims.expires()),
        ("https://push.example.net", (now + Duration::hours(12)).timestamp())
    );
    assert_eq!(VapidKey::parse("AAAA").err(), Some(VapidError::Key));
    assert!(VapidKey::parse(AS_PRIVATE).is_ok());
}

#[test]
fn only_404_and_410_forget_a_subscription() {
    assert_eq!(Delivery::of_status(201), Delivery::Accepted);
    assert_eq!(Delivery::of_status(404), Delivery::Gone);
    assert_eq!(Delivery::of_status(410), Delivery::Gone);
    for status in [400, 403, 413, 429, 500, 503] {
        assert_eq!(Delivery::of_status(status), Delivery::Failed, "{status}");
    }
}

#[test]
fn a_development_key_is_the_same_for_the_same_secret_and_signs() {
    let a = VapidKey::derive_for_development("dev-only-secret-change-me-0123456789abcdef");
    assert_eq!(
        a.public_key(),
        VapidKey::derive_for_development("dev-only-secret-change-me-0123456789abcdef").public_key()
    );
    assert_ne!(
        a.public_key(),
        VapidKey::derive_for_development("another secret of enough length, surely").public_key()
    );
    let now: DateTime<Utc> = "2026-11-30T12:00:00Z".parse().expect("time");
    let claims = VapidClaims::parse("http://127.0.0.1:9", "mailto:ops@edgemall.cn", now + Duration::hours(1), now)
        .expect("claims");
    assert_eq!(verify_authorization(&a.authorization(&claims)), Ok(claims));
}

#[test]
fn subscription_refusals_name_their_field() {
    let cases = [
        (SubscriptionError::Endpoint, "endpoint: the endpoint must be an https URL"),
        (SubscriptionError::PublicKey, "keys.p256dh: keys.p256dh must be a base64url P-256 public key"),
        (SubscriptionError::AuthSecret, "keys.auth: keys.auth must be 16 base64url-encoded bytes"),
    ];
    for (e, message) in cases {
        let api = crate::ApiError::from(e);
        assert_eq!((api.code(), api.status(), api.error.message.as_str()), (crate::ErrorCode::Invalid, 422, message));
    }
}
