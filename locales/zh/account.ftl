# 用户自己的页面：日历订阅。
account-link = 我的账户
account-title = 我的账户
account-signed-in-as = 当前登录：{ $name }。
account-feeds = 日历订阅
account-feeds-help = 在 Outlook、Apple 日历或 Thunderbird 中订阅您的办理期限：生成一个私人订阅地址，在日历程序中以“订阅日历”（网络日历）添加，任务的截止时间就会出现在日历中，并在截止前一个工作日提醒。日历程序会自动定期刷新。任何拿到该地址的人都能读取订阅内容：设备丢失或不再使用时请撤销。
account-feed-made = 订阅“{ $name }”已生成。
account-feed-url = 订阅地址（复制到日历程序中）：
account-feed-subscribe = 在本设备的日历程序中订阅
account-feed-once = 地址只显示这一次：督办系统只保存其指纹。如已遗失，请撤销此订阅并重新生成。
account-feed-name = 名称
account-feed-name-example = 例如：办公室 Outlook
account-feed-created = 生成时间
account-feed-last-used = 最近读取
account-feed-active = 有效
account-feed-revoked = 已撤销
account-feed-revoke = 撤销
account-feeds-none = 尚无日历订阅。
account-feed-new = 新建订阅
account-feed-create = 生成订阅地址
account-feeds-not-for-role = 系统管理员不办理任务，没有可订阅的期限。
notice-feed-revoked = 订阅已撤销：该地址不再可用。

# 订阅内容本身，使用订阅者的语言。
feed-name = 督办期限 · { $name }
feed-summary = { $title }（{ $status }）
feed-status = 状态：{ $status }
feed-light = 预警灯：{ $light }
feed-deadline = 截止时间：{ $deadline }
feed-alarm = 下一个工作日截止：{ $title }
