## Pricing admin: services, markups, exchange rates, the loss guard.

pricing-saved = ✅ Сохранено, цены пересчитаны: в продаже { $on_sale }, скрыто { $hidden }.
pricing-saved-below-cost = ⚠️ { $count ->
    [one] { $count } услуга продавалась бы
    [few] { $count } услуги продавались бы
   *[many] { $count } услуг продавались бы
} ниже себестоимости и { $count ->
    [one] скрыта
   *[other] скрыты
}.
pricing-unknown-category = Категории #{ $id } нет. Список — в /markup.
pricing-unknown-service = Услуги #{ $id } нет.
pricing-too-long = Слишком длинно: не больше { $max } символов.

pricing-markup-title = 📈 <b>Наценки</b>
pricing-markup-global-default = Общая: <b>{ $percent } %</b> (DEFAULT_MARKUP_PERCENT, пока не задана здесь)
pricing-markup-global-set = Общая: <b>{ $percent } %</b>
pricing-markup-no-categories = Категорий пока нет.
pricing-markup-category = #{ $id } { $name }: <b>{ $percent } %</b>
pricing-markup-category-global = #{ $id } { $name }: общая
pricing-markup-more = …и ещё категорий: { $count }.
pricing-markup-usage =
    <code>/markup 25</code> задаёт общую наценку в процентах.
    <code>/markup category 3 40</code> — своя наценка категории #3; <code>/markup category 3 off</code> убирает её.
    Сначала действует наценка или фиксированная цена самой услуги (<code>/service</code>), затем категории, затем общая.

pricing-fx-title = 💱 <b>Курсы к { $shop }</b>
pricing-fx-none = Все услуги в { $shop }: курсы не нужны.
pricing-fx-rate = 1 { $currency } = <b>{ $rate } { $shop }</b> · { $services ->
    [one] { $services } услуга
    [few] { $services } услуги
   *[many] { $services } услуг
}
pricing-fx-missing = { $currency }: <b>курса нет</b> · скрыто: { $services }
pricing-fx-usage =
    <code>/fx USD 92.5</code> — сколько { $shop } стоит один USD; услуги в USD после этого продаются.
    <code>/fx USD off</code> убирает курс: эти услуги скрываются.
pricing-fx-shop-currency = { $currency } — валюта магазина, курс для неё не нужен.

pricing-service-usage =
    <code>/service 12</code> показывает услугу #12. Дальше:
    <code>/service 12 enable</code> или <code>disable</code>
    <code>/service 12 name</code> новое название
    <code>/service 12 description</code> новый текст
    <code>/service 12 price 1.50</code> — фиксированная цена за пачку (1000 или 1 шт.); <code>off</code> возвращает наценку
    <code>/service 12 markup 35</code> — своя наценка в процентах; <code>off</code> убирает её
pricing-card-title = 🛠 <b>Услуга #{ $id }</b>: { $name }
pricing-card-provider-name = У поставщика: { $name }
pricing-card-category = Категория: { $category } (#{ $id })
pricing-card-provider = Поставщик: { $provider }, услуга <code>{ $service }</code>
pricing-card-rate = Цена поставщика: { $rate } / { $unit }
pricing-card-cost = Обходится нам: { $cost } / { $unit }
pricing-card-price-fixed = Наша цена: <b>{ $price }</b> / { $unit } (фиксированная)
pricing-card-price-markup = Наша цена: <b>{ $price }</b> / { $unit } (наценка { $percent } %, { $source })
pricing-source-service = своя у услуги
pricing-source-category = категории
pricing-source-global = общая
pricing-card-no-price = Наша цена: нет — { $reason }
pricing-card-on-sale = Статус: ✅ в продаже
pricing-card-off = Статус: ⏸ выключена
pricing-card-hidden = Скрыта: { $reason }
pricing-card-commands =
    Изменить: <code>/service { $id } name …</code>, <code>description …</code>, <code>price &lt;сумма|off&gt;</code>, <code>markup &lt;процент|off&gt;</code>
pricing-btn-disable = ⏸ Выключить
pricing-btn-enable = ▶️ Включить

# To admins, from a sync or a price change. $service is already escaped.
pricing-alert-below-cost =
    📉 <b>Услуга #{ $id } скрыта: ниже себестоимости</b>
    { $service } ({ $provider })
    Нам она обходится в { $cost } за { $unit }, а продаётся за { $price }.
    Измените цену (<code>/service { $id } price &lt;сумма&gt;</code>) или наценку; услуга вернётся в продажу, когда станет выгодной.

## Что не так со словами после команды администратора; за этим следует справка по команде.
args-not-an-id = «{ $got }» — не число: номера пишутся цифрами, например 17.
args-markup = Наценка — это процент больше −100 и не больше 10 000, а указано: { $got }.
args-not-a-currency = «{ $got }» — не код валюты: укажите три буквы, например USD.
args-rate = Курс должен быть числом больше нуля, а указано: { $got }.
args-amount = Сумма в { $currency } должна быть числом больше нуля, а указано: { $got }.
args-too-many = Это лишнее в конце команды: «{ $extra }».
args-unknown-setting = У услуги нет настройки «{ $got }»: есть enable, disable, name, description, price и markup.
args-missing-id = Не указан номер: <code>{ $example }</code>
args-missing-who = Кого? Укажите id или @username: <code>{ $example }</code>
args-missing-percent = Не указана наценка: <code>{ $example }</code>
args-missing-rate = Не указан курс: <code>{ $example }</code>
args-missing-amount = Не указана сумма: <code>{ $example }</code>
args-missing-text = Не указан новый текст: <code>{ $example }</code>

## /promo: промокоды.
promo-admin-usage = <code>/promo new КОД credit 100</code> или <code>/promo new КОД discount 10%</code>, дальше по желанию <code>uses N</code>, <code>until ГГГГ-ММ-ДД</code>, <code>new-customers-only</code> и (только для скидок) <code>below-cost</code>; <code>/promo list</code>; <code>/promo off КОД</code>
promo-admin-missing-code = Не указан код.
promo-admin-bad-code = «{ $word }» не годится как код: от 3 до 32 латинских букв, цифр, - или _.
promo-admin-bad-kind = После кода укажите <code>credit</code> или <code>discount</code>{ $word ->
        [none] .
       *[other] , а не «{ $word }».
    }
promo-admin-missing-value = Не указана сумма (credit) или процент (discount).
promo-admin-bad-amount = «{ $word }» — не сумма больше нуля.
promo-admin-bad-percent = «{ $word }» — не процент от 1 до 100.
promo-admin-missing-uses = После <code>uses</code> укажите, сколько раз можно использовать код.
promo-admin-bad-uses = «{ $word }» — не число использований больше нуля.
promo-admin-missing-date = После <code>until</code> укажите последний день в виде ГГГГ-ММ-ДД.
promo-admin-bad-date = «{ $word }» — не дата в виде ГГГГ-ММ-ДД.
promo-admin-below-cost-on-credit = <code>below-cost</code> бывает только у скидочных кодов.
promo-admin-repeated = «{ $word }» указано дважды.
promo-admin-unknown-word = «{ $word }» — не параметр промокода.
promo-admin-created = Промокод <code>{ $code }</code> создан.
promo-admin-exists = Промокод <code>{ $code }</code> уже есть.
promo-admin-off = Промокод <code>{ $code }</code> отключён.
promo-admin-no-such-code = Промокода <code>{ $code }</code> нет.
promo-admin-list-empty = Промокодов пока нет.
promo-admin-list-title = <b>Промокоды</b> (использования, во что обошлись):
promo-admin-list-line = <code>{ $code }</code> { $reward } · { $uses } · { $cost } { $notes }
promo-admin-note-off = отключён
promo-admin-note-until = до { $date }
promo-admin-note-new-only = только новым клиентам
promo-admin-note-below-cost = можно ниже себестоимости
command-promo = Промокоды: создать, список, отключить
admin-help-example-promo = /promo new SPRING discount 10% uses 100
