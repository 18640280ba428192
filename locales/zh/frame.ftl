# 每一页的框架：名称、导航、登录、错误页、通用词语。
app-name = 督办
tagline = 会议{ -directive }的交办、跟踪与督办
skip-to-content = 跳到正文
switch-language = English
language-label = 语言
nav-label = 主导航
nav-overview = 概览
nav-inbox = 待办
nav-tasks = 任务
nav-meetings = 会议
nav-directives = { -directive }
nav-reviews = 审核
nav-dashboard = 看板
nav-ranking = 排名
nav-overdue = 逾期
nav-bulletin = 通报
nav-units = 单位
nav-users = 用户
nav-rules = 关键词规则
nav-escalation = 催办升级
nav-calendar = 工作日历
nav-outbox = 发件箱
nav-api = API
signed-in-as = 当前用户：{ $name }
sign-in = 登录
username = 用户名
password = 密码
sign-in-button = 登录
sign-out = 退出
wrong-password = 用户名或密码错误。
too-many-attempts = 尝试次数过多，请稍后再试。
form-expired = 表单已过期，请重新登录。
role-secretariat = 督查室
role-officer = 承办人
role-leader = 领导
role-admin = 系统管理员

# 错误页。
error-title = 出错了
error-400 = 无法读取该请求。
error-401 = 请先登录。
error-403 = 您无权查看或进行此操作。
error-404 = 没有这个页面，或它不在您单位的范围内。
error-409 = 任务当前的状态不允许这样做，请刷新页面后再看。
error-413 = 提交的内容太大，未做任何更改。
error-422 = 您填写的部分内容无法接受。
error-429 = 尝试次数过多，请稍后再试。
error-500 = 系统内部出错，已记录日志。
error-503 = 数据库暂时无法连接，未做任何更改，请稍后重试。
error-field = { $field }：{ $reason }
error-csrf = 表单已过期或来自其他网站，未做任何修改。请刷新页面后重试。
go-back = 返回
go-home = 回到首页

# 通用词语。
save = 保存
cancel = 取消
submit = 提交
search = 查询
filter = 筛选
none = 无
yes = 是
no = 否
all = 全部
previous-page = 上一页
next-page = 下一页
page-of = 第 { $page } 页，共 { $pages } 页
export-csv = 下载 CSV
export-xlsx = 下载 Excel
deadline = 办结时限
status = 状态
unit = 单位
units = 单位
level = 层级
category = 类别
priority = 紧急程度
title = 标题
text = 内容
actions = 操作
created = 创建时间
updated = 更新时间
light = 预警
light-green = 正常
light-yellow = 临期
light-red = 逾期
light-none = —
working-days-late = 逾期 { $days } 个工作日
working-days-left = { $days ->
    [0] 今日到期
   *[other] 剩余 { $days } 个工作日
}
notice-saved = 已保存。

# 层级、单位类型、状态、紧急程度。
level-province = 省级
level-municipal = 市级
level-county = 县级
level-township = 乡镇级
level-enterprise = 企业
kind-government = 政府
kind-secretariat = 督查室
kind-department = 部门
kind-enterprise = 企业
status-assigned = 待签收
status-acknowledged = 已签收
status-in_progress = 办理中
status-submitted = 待审核
status-returned = 已退回
status-completed = 已办结
status-cancelled = 已撤销
status-declined = 已拒收
directive-draft = 草稿
directive-issued = 已下发
directive-closed = 已办结
priority-normal = 一般
priority-high = 紧急
priority-urgent = 特急
task-role-lead = 牵头
task-role-cooperating = 配合

# 会议概览。
held-on = 召开日期
host = 主持
venue = 地点
total-tasks = 任务数
no-tasks = 尚未交办
no-meetings = 还没有会议。请由督查室录入会议，或运行以下命令载入演示数据：

## Lights that say why (task page, lists)
light-yellow-behind = 进度滞后
light-why-due-soon = { $days ->
    [0] 今日到期
   *[other] { $days } 个工作日内到期
}
light-why-behind = 进度落后 { $points } 个百分点（应达 { $expected }%）
light-why-awaiting-review = 已报办结，待审核
light-why-unit-overdue = { $count } 项逾期
light-why-unit-due-soon = { $count } 项临期
