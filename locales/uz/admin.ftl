## Admin: statistics, providers, catalogue sync.

admin-stats-title = 📊 <b>Statistika</b> · jami { $users ->
        [one] { $users } ta foydalanuvchi
       *[other] { $users } ta foydalanuvchi
    } · kunlar UTC boʻyicha
admin-stats-today = <b>Bugun</b>
admin-stats-last-days = <b>Soʻnggi { $days } kun</b>
admin-stats-users = 👥 Foydalanuvchilar: { $new } ta yangi, { $active } ta faol
admin-stats-orders = 🛒 Buyurtmalar: { $orders }, tushum { $revenue }
admin-stats-cost = 🏭 Provayder xarajati: { $cost }
admin-stats-cost-partial = 🏭 Provayder xarajati: { $cost } ({ $unknown ->
        [one] { $unknown } ta buyurtma
       *[other] { $unknown } ta buyurtma
    } uchun nomaʼlum)
admin-stats-cost-unknown = 🏭 Provayder xarajati: hali nomaʼlum
admin-stats-profit = 💰 Foyda: { $profit }
admin-stats-profit-partial = 💰 Foyda: { $profit } (xarajati maʼlum boʻlgan buyurtmalar boʻyicha)
admin-stats-profit-unknown = 💰 Foyda: hali nomaʼlum
admin-stats-money-in = 📥 Tushumlar: ⭐ Stars { $stars } · 🪙 kripto { $crypto } · 👤 administratorlar { $admin }
admin-stats-top = 🏆 <b>Top xizmatlar, soʻnggi { $days } kun</b>
admin-stats-top-line = { $rank }. { $service }: { $orders ->
        [one] { $orders } ta buyurtma
       *[other] { $orders } ta buyurtma
    }, { $revenue }
admin-stats-top-empty = Hali buyurtmalar yoʻq.
admin-stats-chart-caption = Kunlik buyurtmalar va tushum, soʻnggi { $days } kun (UTC)
admin-chart-orders = Kunlik buyurtmalar
admin-chart-revenue = Kunlik tushum, { $currency }

admin-providers-title = 🔌 <b>Provayderlar</b>
admin-provider-balance = 💳 Balans: { $balance }
admin-provider-balance-watched = 💳 Balans: { $balance } ({ $threshold } dan kam boʻlsa ogohlantirish)
admin-provider-balance-low = 💳 Balans: { $balance } ⚠️ { $threshold } dan kam
admin-provider-balance-failed = 💳 Balans: mavjud emas ({ $error })
admin-provider-services = 🗂 Sotuvdagi xizmatlar: { $listed } tadan { $on_sale } tasi
admin-provider-last-success = ✅ Oxirgi muvaffaqiyatli javob: { $at }
admin-provider-no-success = ✅ Hali muvaffaqiyatli javob yoʻq
admin-provider-last-error = ❌ Oxirgi xato: { $at }, { $error }
admin-provider-no-error = ❌ Xatolar yoʻq
admin-provider-error-rate = 📉 Muvaffaqiyatsiz buyurtmalar, soʻnggi { $days } kun: { $orders } tadan { $failed } tasi ({ $percent }%)
admin-provider-error-rate-none = 📉 Soʻnggi { $days } kunda buyurtmalar yoʻq
admin-provider-failing = ⚠️ Ketma-ket { $failures ->
        [one] { $failures } ta muvaffaqiyatsiz murojaat
       *[other] { $failures } ta muvaffaqiyatsiz murojaat
    }
admin-low-balance-alert = ⚠️ <b>{ $provider }</b> provayderidagi balans { $balance }, bu { $threshold } ogohlantirish chegarasidan kam. Buyurtmalar bajarilishda davom etishi uchun uni toʻldiring.

admin-sync-running = 🔄 <b>{ $provider }</b>: katalog sinxronlanmoqda…
admin-sync-done = ✅ <b>{ $provider }</b>: sinxronlandi, { $on_sale } tasi sotuvda
admin-sync-failed = ❌ <b>{ $provider }</b>: sinxronlash amalga oshmadi ({ $error }); avvalgi katalog sotuvda qoladi
admin-sync-summary = 🗂 <b>Katalog sinxronlash yakunlandi</b>
admin-sync-summary-line = <b>{ $provider }</b>: { $added } ta qoʻshildi, { $removed } ta olib tashlandi, { $repriced ->
        [one] { $repriced } ta narx oʻzgardi
       *[other] { $repriced } ta narx oʻzgardi
    }
admin-sync-summary-failed = <b>{ $provider }</b>: amalga oshmadi, hech narsa oʻzgarmadi

## Administrator buyruqlari Telegram menyusida: bir necha soʻz bilan.
command-credit = Balansni toʻldirish yoki yechish
command-stats = Savdo, xarajat va foyda, grafik bilan
command-user = Mijozni topish
command-order = Buyurtmani topish
command-providers = Taʼminotchilar: balans va holat
command-sync = Katalogni hozir yangilash
command-service = Xizmatni koʻrish yoki oʻzgartirish
command-markup = Ustamani koʻrish yoki belgilash
command-fx = Valyuta kurslari
command-broadcast = Javob berilgan xabarni hammaga yuborish
command-maintenance = Texnik ishlar rejimini yoqish yoki oʻchirish
command-starsrefund = Stars toʻlovini qaytarish
command-tickets = Ochiq yordam murojaatlari
