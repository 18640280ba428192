## 术语表：每个概念只用一个词，页面、邮件、导出和督办单都引用这里（见 DESIGN.md 的词汇表）。
## 英文的术语按 form 取单复数和首字母大写；中文不区分，照样接受该参数。
-directive = 决策部署
# 模板和 Rust 代码不能直接引用术语，通过以下消息使用。
glossary-directive-title = { -directive }

# 提醒汇总中每项提醒的种类。
reminder-kind-reminder = 到期提醒
reminder-kind-due_today = 当日到期
reminder-kind-overdue = 超期提醒
reminder-kind-escalation = 升级督办
reminder-kind-ack_overdue = 逾期未签收
reminder-kind-report_missed = 未按期报告进展
