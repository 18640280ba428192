# 催办、文号、督办单 / 交办单。
remind-count-label = 催办
remind-count = { $count ->
    [0] 未催办
   *[other] 催办 { $count } 次
}
remind-col = 催办次数
remind-message = 催办意见（可不填，最多 500 字）
sheet-print-task = 打印交办单
sheet-print-directive = 打印督办单
sheet-task-kind = 交办单
sheet-directive-kind = 督办单
sheet-back = 返回
sheet-print-help = 用浏览器的“打印”即可按 A4 纸打印本单，导航栏不会打印。
sheet-no-number = （未编文号）
sheet-title = 事项
sheet-directive = { -directive }
sheet-requirement = 工作要求
sheet-lead = 牵头单位
sheet-cooperating = 配合单位
sheet-deadline = 办理时限
sheet-issued-on = 交办日期
sheet-instructions = 领导批示
sheet-no-instructions = 无
sheet-contact = 联系人
sheet-receipt = 签收回执
sheet-receipt-text = 我单位已收到以下{ -directive }，将按要求办理并按时反馈：
sheet-receipt-unit = 签收单位
sheet-receipt-person = 签收人
sheet-receipt-time = 签收时间
sheet-receipt-phone = 联系电话
sheet-receipt-seal = 单位（盖章）
admin-unit-doc-prefix = 文号前缀
admin-unit-doc-prefix-help = 本单位下发的{ -directive }的文号前缀，如“赣安办督”：下发时依次编号为“赣安办督〔2026〕1号”，每年从 1 号起。留空则不编文号。
doc-number = 文号
