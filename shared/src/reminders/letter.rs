//! What each kind of message says and where it leads: the inbox shows it and the push carries
//! it, so both say the same. Text is in the shop's language; the app shows it as written.

use super::MessageKind;
use serde::Serialize;

/// A message's words and link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Letter {
    title: String,
    body: String,
    link: String,
}

impl Letter {
    /// The letter of a `kind` message about `subject` (a sale, order or coupon id; a member id
    /// for a guide's customer), which people know as `about` (a sale's title, a coupon's name,
    /// a customer's name; the id itself where there is no better name).
    pub fn of(kind: MessageKind, subject: &str, about: &str) -> Letter {
        let (title, body, link) = match kind {
            MessageKind::SaleStarting => {
                ("限时抢购即将开始", format!("「{about}」5 分钟内开抢，别错过。"), format!("/flash-sales#{subject}"))
            }
            MessageKind::ReadyForPickup => {
                ("订单可以自提了", format!("订单 {about} 已备好，凭取货码到柜台领取。"), format!("/orders/{subject}"))
            }
            MessageKind::OrderForYou => {
                ("导购为您下了单", format!("订单 {about} 等待您付款。"), format!("/orders/{subject}"))
            }
            MessageKind::CouponExpiring => {
                ("优惠券即将过期", format!("「{about}」24 小时内到期，记得使用。"), "/member/coupons".to_owned())
            }
            MessageKind::Refunded => ("退款已到账", format!("订单 {about} 的退款已原路退回。"), "/orders".to_owned()),
            MessageKind::CustomerPaid => {
                ("顾客付款了", format!("您的顾客 {about} 支付了订单 {subject}。"), "/guide/customers".to_owned())
            }
            MessageKind::CustomerBirthday => {
                ("顾客本周生日", format!("{about} 本周过生日，送上一份祝福吧。"), "/guide/customers".to_owned())
            }
            MessageKind::InviteToJoin => {
                ("邀请开卡", format!("{about} 还没有会员卡，邀请 TA 开卡吧。"), "/guide/customers".to_owned())
            }
            MessageKind::BirthdayCoupon => (
                "生日礼券 Birthday coupon",
                format!("生日快乐！「{about}」已放入您的卡包。Happy birthday: it is in your wallet."),
                "/member/coupons".to_owned(),
            ),
        };
        Letter { title: title.to_owned(), body, link }
    }

    /// A letter of its own words (a suggestion that carries figures, see `invite`).
    pub(super) fn new(title: &str, body: String, link: &str) -> Letter {
        Letter { title: title.to_owned(), body, link: link.to_owned() }
    }

    /// One line.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// A sentence or two.
    pub fn body(&self) -> &str {
        &self.body
    }
    /// The app path it opens.
    pub fn link(&self) -> &str {
        &self.link
    }

    /// What a push carries (the service worker reads it): `{"id","title","body","link"}` as
    /// JSON, well under a push record's 3,993 octets for any name under 1,000 characters.
    pub fn push_payload(&self, id: &str) -> Vec<u8> {
        push_payload(id, &self.title, &self.body, &self.link)
    }
}

/// What a push carries for the stored message `id` with these words (see [`Letter::push_payload`]).
pub fn push_payload(id: &str, title: &str, body: &str, link: &str) -> Vec<u8> {
    // Four strings always serialize.
    serde_json::to_vec(&serde_json::json!({"id": id, "title": title, "body": body, "link": link})).unwrap_or_default()
}
