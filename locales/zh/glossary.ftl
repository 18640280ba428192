## 术语表：每个概念只用一个词，页面、邮件、导出和督办单都引用这里（见 DESIGN.md 的词汇表）。
## 英文的术语按 form 取单复数和首字母大写；中文不区分，照样接受该参数。
-directive = 决策部署
# 模板和 Rust 代码不能直接引用术语，通过以下消息使用。
glossary-directive-title = { -directive }
