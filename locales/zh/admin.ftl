# 系统管理页面。
admin-active = 启用
admin-deactivated = 已停用

# 单位。
admin-units-title = 单位管理
admin-units-tree = 单位层级
admin-unit-name = 单位名称
admin-unit-key = 单位代码
admin-unit-key-help = 由字母、数字、“-”“_”“.”组成，用于文件和系统中标识该单位。
admin-unit-kind = 单位类型
admin-unit-function = 职能领域
admin-unit-email = 单位邮箱
admin-unit-head-email = 负责人邮箱
admin-unit-short-name = 纪要中的简称
admin-unit-aliases = 纪要中的别称
admin-unit-aliases-help = 每行一个，如“住建局”。从纪要起草时按全称、简称和别称识别本单位，建议由本单位牵头或配合。
admin-unit-manage = 编辑、调整或停用
admin-unit-new = 新增单位
admin-unit-parent = 上级单位
admin-unit-name-zh = 中文名称
admin-unit-name-en = 英文名称
admin-unit-create = 新增单位
admin-unit-edit = 名称、职能领域和邮箱
admin-unit-move = 调整隶属关系
admin-unit-move-help = 该单位及其全部下级单位一并调整；新上级单位的人员即时可见其任务。
admin-unit-new-parent = 新的上级单位
admin-unit-move-button = 调整隶属关系
admin-unit-deactivate = 停用单位
admin-unit-deactivate-help = 停用后保留全部历史记录、仍可查阅，但不再接收新任务。请先调整或停用其下级单位。
admin-unit-deactivate-confirm = 确认停用“{ $name }”
admin-unit-deactivate-button = 停用单位

# 导入单位文件。
admin-import-title = 导入单位文件
admin-import-help = CSV 文件，列为 key、parent、kind、level、name_zh、name_en（可选 function、email、head_email）。导入前先显示将作的变更，确认后才执行。
admin-import-file = CSV 文件
admin-import-preview = 校验文件
admin-import-summary = 文件共 { $total } 个单位：新增 { $added } 个，变更 { $changed } 个，不变 { $unchanged } 个。
admin-import-changes = 导入将作的变更
admin-import-line = 行号
admin-import-change = 变更
admin-import-details = 详情
admin-import-add = 新增
admin-import-move = 调整隶属
admin-import-unchanged = 不变
admin-import-nothing = 单位设置已与文件一致，无需导入。
admin-import-apply-title = 执行导入
admin-import-text = 待导入的文件内容
admin-import-apply = 确认导入

# 用户。
admin-users-title = 用户管理
admin-users-list = 账号列表
admin-user-display-name = 显示名称
admin-user-email = 电子邮箱
admin-user-role = 角色
admin-user-manage = 调整单位、重置密码或停用
admin-user-new = 新增账号
admin-user-initial-password = 初始密码（至少 8 位）
admin-user-create = 新增账号
admin-user-move = 调整所属单位
admin-user-new-unit = 新的所属单位
admin-user-move-button = 调整所属单位
admin-user-password = 重置密码
admin-user-password-help = 该账号的现有登录会话将失效，请将新密码告知本人。
admin-user-new-password = 新密码（至少 8 位）
admin-user-password-button = 设置新密码
admin-user-deactivate = 停用账号
admin-user-deactivate-help = 停用后无法登录，现有会话和接口令牌随即失效。
admin-user-deactivate-confirm = 确认停用“{ $name }”
admin-user-deactivate-button = 停用账号

# 关键词规则。
admin-rules-title = 关键词规则
admin-rules-help = 会议纪要中出现关键词时，拟稿据此建议任务类别及相应职能领域的牵头单位、配合单位。
admin-rules-list = 规则列表
admin-rules-none = 尚无关键词规则。
admin-rule-keyword = 关键词
admin-rule-lead = 牵头职能领域
admin-rule-cooperating = 配合职能领域
admin-rule-weight = 权重（1–100）
admin-rule-manage = 编辑或删除
admin-rule-new = 新增规则
admin-rule-create = 新增规则
admin-rule-title = 关键词规则“{ $keyword }”
admin-rule-edit = 编辑规则
admin-rule-delete = 删除规则
admin-rule-delete-button = 删除“{ $keyword }”规则

# 督办升级。
admin-escalation-title = 督办升级
admin-escalation-help = 每条升级阶梯规定任务临近和超过办结时限时，在何时提醒何人；天数按工作日计。督办事项的紧急程度决定适用的阶梯。
admin-escalation-none = 尚无升级策略。
admin-policy-fallback = 未单独设置阶梯的各紧急程度
admin-step-when = 时间
admin-step-audience = 提醒对象
admin-step-template = 消息
admin-step-before = 办结时限前 { $days } 个工作日
admin-step-on = 办结时限当日
admin-step-after = 超期 { $days } 个工作日
admin-step-remove = 删除“{ $when }”这一级
admin-step-new = 新增一级
admin-step-offset = 距办结时限的工作日数
admin-step-offset-help = 时限前为负数，当日为 0，超期为正数。
admin-step-add = 新增一级
admin-audience-assignee_unit = 承办单位
admin-audience-assignee_head = 承办单位负责人
admin-audience-assigner_unit = 交办单位
admin-audience-assignee_parent_head = 上级单位负责人
admin-audience-secretariat = 督查室
admin-audience-leader = 领导
admin-template-reminder = 到期提醒
admin-template-due_today = 当日到期
admin-template-overdue = 超期提醒
admin-template-escalation = 升级督办

# 工作日历。
admin-calendar-title = { $year } 年工作日历
admin-calendar-help = 工作日中的法定节假日和周末中的调休上班日；办结时限和预警灯据此按工作日计算。
admin-calendar-years = 其他年份
admin-calendar-days = 节假日和调休上班日
admin-calendar-none = 本年度尚未设置。
admin-day-date = 日期
admin-day-weekday = 星期
admin-day-kind = 类型
admin-day-name = 名称
admin-day-holiday = 节假日
admin-day-workday = 调休上班
admin-day-remove = 将 { $day } 恢复为普通日
admin-day-new = 设置日期
admin-day-add = 保存
admin-calendar-import = 导入日历文件
admin-calendar-import-help = CSV 文件，表头为 day,kind,name（kind 为 holiday 或 workday），格式同 duban calendar import。已设置但不在文件中的日期保持不变。
admin-calendar-import-button = 导入文件
admin-weekday-0 = 星期一
admin-weekday-1 = 星期二
admin-weekday-2 = 星期三
admin-weekday-3 = 星期四
admin-weekday-4 = 星期五
admin-weekday-5 = 星期六
admin-weekday-6 = 星期日

# 发件箱。
admin-outbox-title = 发件箱
admin-outbox-pending = 待发送
admin-outbox-sent = 已发送
admin-outbox-failed = 发送失败（待重试）
admin-outbox-dead = 已放弃
admin-outbox-skipped = 已跳过
admin-outbox-recipient = 收件人
admin-outbox-subject = 主题
admin-outbox-attempts = 尝试次数
admin-outbox-when = 发送时间／下次尝试
admin-outbox-error = 最近错误
admin-outbox-retry = 重新发送
admin-outbox-empty = 无。
admin-outbox-latest = 仅列出最近 { $limit } 条。
admin-outbox-retry-many = 批量重新发送
admin-outbox-retry-statuses = 选择邮件状态
admin-outbox-retry-from = 生成日期自
admin-outbox-retry-to = 生成日期至
admin-outbox-retry-help = 日期含首尾两天；留空表示不限。每封邮件的尝试次数将重新计算。
admin-outbox-retry-many-button = 重新发送所选邮件
admin-outbox-retried = 已安排重新发送 { $count } 封邮件。

# 提示。
notice-admin-unit-created = 单位已新增。
notice-admin-unit-saved = 单位信息已保存。
notice-admin-unit-moved = 隶属关系已调整。
notice-admin-unit-deactivated = 单位已停用。
notice-admin-units-imported = 单位文件已导入。
notice-admin-user-created = 账号已新增。
notice-admin-user-moved = 所属单位已调整。
notice-admin-user-deactivated = 账号已停用：其登录会话已结束，API 令牌已吊销。
notice-admin-password-reset = 新密码已设置：该账号的登录会话已结束，API 令牌已吊销。
notice-admin-rule-saved = 关键词规则已保存。
notice-admin-rule-deleted = 关键词规则已删除。
notice-admin-step-added = 已新增一级。
notice-admin-step-removed = 已删除该级。
notice-admin-day-saved = 日期已设置。
notice-admin-day-removed = 已恢复为普通日。
notice-admin-calendar-imported = 日历文件已导入。
notice-admin-retried = 该邮件将重新发送。

admin-root-only = 这些设置适用于全体单位，只有顶级单位的管理员可以修改。
