//! The vendors' formats, checked against values worked out apart from this code (the
//! signatures with Python's `hmac`, the byte counts by hand).

use super::*;

const SECRET: &str = "SEC0123456789abcdef";

#[test]
fn dingtalk_signs_the_millisecond_timestamp_and_the_secret_with_the_secret() {
    // python3: base64(hmac.new(secret, f"{ts}\n{secret}", sha256))
    assert_eq!(dingtalk_sign(SECRET, 1_733_400_000_000), "pOG+eFrdFt9aW6gwYxFR5EH9nDY3ZmQ1YjQV1pjx2nU=");
    let signed = request(
        RobotKind::Dingtalk,
        "https://oapi.dingtalk.com/robot/send?access_token=t0k",
        Some(SECRET),
        "s",
        "m",
        1_733_400_000_000,
    );
    assert_eq!(
        signed.url,
        "https://oapi.dingtalk.com/robot/send?access_token=t0k&timestamp=1733400000000&sign=pOG%2BeFrdFt9aW6gwYxFR5EH9nDY3ZmQ1YjQV1pjx2nU%3D"
    );
    assert_eq!(signed.body, json!({ "msgtype": "markdown", "markdown": { "title": "s", "text": "m" } }));
    let unsigned = request(RobotKind::Dingtalk, "https://x.example/send?access_token=t", None, "s", "m", 1);
    assert_eq!(unsigned.url, "https://x.example/send?access_token=t");
}

#[test]
fn feishu_signs_with_the_second_timestamp_and_secret_as_the_key_over_nothing() {
    // python3: base64(hmac.new(f"{ts}\n{secret}", b"", sha256))
    assert_eq!(feishu_sign(SECRET, 1_733_400_000), "EgkKz1K53SoHETM1Jgv1zKOtMCjElbwivoxj+6Oy6K0=");
    let signed = request(
        RobotKind::Feishu,
        "https://open.feishu.cn/open-apis/bot/v2/hook/abc",
        Some(SECRET),
        "s",
        "m",
        1_733_400_000_123,
    );
    assert_eq!(signed.body["timestamp"], "1733400000");
    assert_eq!(signed.body["sign"], "EgkKz1K53SoHETM1Jgv1zKOtMCjElbwivoxj+6Oy6K0=");
    assert_eq!(signed.body["msg_type"], "interactive");
    assert_eq!(signed.body["card"]["elements"][0], json!({ "tag": "markdown", "content": "m" }));
    assert!(request(RobotKind::Feishu, "https://f.example/h", None, "s", "m", 1).body.get("sign").is_none());
}

#[test]
fn wecom_content_is_cut_to_4096_bytes_at_a_character_boundary_and_keeps_the_link() {
    let link = "[查看任务](https://duban.example/tasks/7)";
    // 3 bytes a character: 2000 of them are 6000 bytes, well over the limit.
    let long = format!("#### {}\n\n{link}", "长".repeat(2000));
    let fitted = fit_bytes(&long, WECOM_MAX_BYTES);
    assert!(fitted.len() <= 4096, "{}", fitted.len());
    assert!(fitted.ends_with(&format!("…\n\n{link}")), "{fitted}");
    // Everything cut is whole characters: 4096 - link - "\n\n" - "…" - "#### " leaves this many.
    let budget = 4096 - link.len() - 2 - "…".len() - "#### ".len();
    assert_eq!(fitted.matches('长').count(), budget / 3);
    let short = format!("#### 短\n\n{link}");
    assert_eq!(fit_bytes(&short, WECOM_MAX_BYTES), short);
    let sent = request(RobotKind::Wecom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", None, "s", &long, 1);
    assert_eq!(sent.body["msgtype"], "markdown");
    assert_eq!(sent.body["markdown"]["content"].as_str().map(str::len), Some(fitted.len()));
}

#[test]
fn answers_are_read_by_status_then_by_the_vendors_code() {
    assert_eq!(judge(RobotKind::Dingtalk, 200, r#"{"errcode":0,"errmsg":"ok"}"#), Verdict::Delivered);
    assert_eq!(judge(RobotKind::Wecom, 200, r#"{"errcode":0,"errmsg":"ok"}"#), Verdict::Delivered);
    assert_eq!(judge(RobotKind::Feishu, 200, r#"{"code":0,"msg":"success","data":{}}"#), Verdict::Delivered);
    assert!(
        matches!(judge(RobotKind::Dingtalk, 200, r#"{"errcode":130101,"errmsg":"send too fast"}"#), Verdict::Retry(e) if e.contains("130101 (rate limit)"))
    );
    assert!(
        matches!(judge(RobotKind::Wecom, 200, r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#), Verdict::Retry(e) if e.contains("rate limit"))
    );
    assert!(matches!(judge(RobotKind::Feishu, 200, r#"{"code":19021,"msg":"sign match fail"}"#), Verdict::Retry(_)));
    assert!(matches!(judge(RobotKind::Feishu, 200, "not json"), Verdict::Retry(_)));
    assert!(matches!(judge(RobotKind::Wecom, 500, "down"), Verdict::Retry(_)));
    assert!(matches!(judge(RobotKind::Wecom, 429, ""), Verdict::Retry(_)));
    assert!(matches!(judge(RobotKind::Dingtalk, 404, "no such robot"), Verdict::GiveUp(_)));
    assert!(matches!(judge(RobotKind::Feishu, 400, r#"{"code":9499}"#), Verdict::GiveUp(_)));
}

#[test]
fn the_card_names_the_subject_task_unit_deadline_and_link_with_what_people_wrote_defused() {
    let card = Card {
        locale: Locale::Zh,
        subject: "【督办】新任务",
        task: "修订[预案](http://evil.example) <b>*速办*</b>",
        unit: "应急局",
        deadline: "2026-12-04 18:00",
        link: "https://duban.example/tasks/7",
    };
    assert_eq!(
        card.markdown(),
        "#### 【督办】新任务\n\n**任务**：修订\\[预案\\](http://evil.example) &lt;b&gt;\\*速办\\*&lt;/b&gt;\n\n\
         **承办单位**：应急局\n\n**期限**：2026-12-04 18:00\n\n[查看任务](https://duban.example/tasks/7)"
    );
}

#[test]
fn webhooks_and_secrets_are_checked_and_shown_masked() {
    assert!(check_webhook(" https://oapi.dingtalk.com/robot/send?access_token=abc ").is_ok());
    assert!(check_webhook("http://127.0.0.1:8080/dingtalk?access_token=t").is_ok());
    for bad in [
        "",
        "ftp://x.example/a",
        "https:///nohost",
        "https://x.example/a b",
        "not a url",
        "https://x.example/#f",
        "https://x.example:/a",
        "https://x_y.example/",
    ] {
        assert_eq!(check_webhook(bad).map_err(|e| e.field), Err("webhook_url"), "{bad:?}");
    }
    assert_eq!(check_secret(RobotKind::Dingtalk, Some("  ")), Ok(None));
    assert_eq!(check_secret(RobotKind::Dingtalk, Some("SECabc")), Ok(Some("SECabc".into())));
    assert_eq!(check_secret(RobotKind::Wecom, Some("x")), Ok(None), "a WeCom robot keeps no secret");
    assert_eq!(check_secret(RobotKind::Wecom, Some("a b")).map_err(|e| e.field), Err("secret"));
    assert_eq!(check_secret(RobotKind::Feishu, Some("a b")).map_err(|e| e.field), Err("secret"));
    let masked = mask("https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdefWXYZ");
    assert_eq!(masked, "https://oapi.dingtalk.com/…WXYZ");
    assert_eq!(mask("http://127.0.0.1:8080/hook/secret-token"), "http://127.0.0.1:8080/…oken");
}
