//! What customers call services in each language the shop speaks, and how typed text is brought
//! to one form before it is compared: case, apostrophes, Persian and Arabic letter variants,
//! joiners, digits, and the keyboard layout a Russian customer may have forgotten to switch.

/// One thing customers look for, as the words of every language start. A service is about it
/// when one of its words starts with one of these stems; a customer's word names it when it
/// starts with one (give or take a typo). Stems are written as [`normalise`] leaves them:
/// lowercase, no apostrophes (uz "ko'rish" is "korish"), no ZWNJ (fa "ری‌اکشن" is "ریاکشن").
pub(super) const CONCEPTS: &[&[&str]] = &[
    // views
    &["view", "просмотр", "korish", "prosmotr", "بازدید", "ویو"],
    // subscribers, followers and members: one audience, called by any of these names
    &[
        "subscri",
        "follow",
        "member",
        "подписчик",
        "фолловер",
        "участник",
        "obunachi",
        "obuna",
        "kuzatuvchi",
        "azo",
        "ishtirokchi",
        "ممبر",
        "عضو",
        "اعضا",
        "فالوور",
        "فالور",
        "فالو",
        "دنبال",
        "مشترک",
        "سابسکرایب",
    ],
    // reactions
    &["reaction", "реакци", "reaksiya", "reaktsiya", "ریاکشن", "واکنش"],
    // likes
    &["like", "лайк", "layk", "لایک"],
    // comments
    &["comment", "коммент", "izoh", "komment", "کامنت", "نظر", "دیدگاه"],
    // referrals
    &["referr", "referal", "реферал", "رفرال", "زیرمجموعه"],
    // votes and polls
    &[
        "vote",
        "poll",
        "голос",
        "опрос",
        "ovoz",
        "sorovnoma",
        "رای",
        "نظرسنجی",
    ],
    // shares and reposts
    &["share", "repost", "репост", "ulash", "اشتراکگذار", "شیر", "ریپست"],
    // boosts
    &["boost", "буст", "bust", "بوست"],
    // premium
    &["premium", "премиум", "پرمیوم"],
    // the platforms
    &["telegram", "tg", "телеграм", "тг", "تلگرام"],
    &["instagram", "insta", "инстаграм", "инста", "اینستاگرام", "اینستا"],
    &["youtube", "ютуб", "yutub", "یوتیوب"],
    &["tiktok", "тикток", "تیکتاک"],
];

/// The Latin (QWERTY) and Russian (ЙЦУКЕН) letters on the same keys, pairwise.
const QWERTY: &str = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`{}:\"<>~";
const JCUKEN: &str = "йцукенгшщзхъфывапролджэячсмитьбюёхъжэбюё";

/// `text` as if typed with the Russian layout on (`to_russian`) or the Latin one.
pub(super) fn switch_layout(text: &str, to_russian: bool) -> String {
    let pairs = QWERTY.chars().zip(JCUKEN.chars());
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            pairs
                .clone()
                .find(|&(latin, russian)| c == if to_russian { latin } else { russian })
                .map_or(c, |(latin, russian)| if to_russian { russian } else { latin })
        })
        .collect()
}

/// The words of `text` in one form: lowercase; apostrophes, joiners and Arabic marks dropped;
/// Arabic letter variants as Persian writes them; ё as е; Persian and Arabic-Indic digits as
/// ASCII; anything else that is not a letter or a digit separates words.
pub(super) fn normalise(text: &str) -> Vec<String> {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let kept = match c {
            '\'' | '`' | '‘' | '’' | 'ʻ' | 'ʼ' | 'ʹ' | '\u{200c}' | '\u{200d}' | '\u{640}' => continue,
            '\u{64b}'..='\u{65f}' | '\u{670}' => continue,
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            'أ' | 'إ' | 'ٱ' => 'ا',
            'ؤ' => 'و',
            'ة' => 'ه',
            'ё' => 'е',
            '۰'..='۹' => char::from(b'0' + (u32::from(c) - u32::from('۰')) as u8),
            '٠'..='٩' => char::from(b'0' + (u32::from(c) - u32::from('٠')) as u8),
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        folded.push(kept);
    }
    folded.split_whitespace().map(str::to_string).collect()
}

/// Typos forgiven in a word of `len` letters: none below four, one up to seven, two beyond.
pub(super) fn allowed_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The fewest edits (a letter added, dropped, changed, or two neighbours swapped) that turn
/// `stem` into the start of `word`: "просмотр" starts "просмотров" with none, "прасмотры"
/// with one.
pub(super) fn prefix_distance(stem: &[char], word: &[char]) -> usize {
    // rows[i][j]: edits from stem[..i] to word[..j] (optimal string alignment).
    let mut rows = vec![vec![0; word.len() + 1]; stem.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=word.len()).collect();
    for i in 1..=stem.len() {
        for j in 1..=word.len() {
            let change = usize::from(stem[i - 1] != word[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + change);
            if i > 1 && j > 1 && stem[i - 1] == word[j - 2] && stem[i - 2] == word[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[stem.len()].iter().copied().min().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn every_stem_is_written_as_normalise_leaves_it() {
        for stem in CONCEPTS.iter().flat_map(|c| c.iter()) {
            assert_eq!(normalise(stem), vec![stem.to_string()], "{stem}");
        }
    }

    #[test]
    fn text_is_brought_to_one_form() {
        assert_eq!(normalise("Ko'rishlar, koʻrishlar"), ["korishlar", "korishlar"]);
        assert_eq!(normalise("ری‌اکشن  كامنت يك"), ["ریاکشن", "کامنت", "یک"]);
        assert_eq!(normalise("رأی ۱۲٣"), ["رای", "123"]);
        assert_eq!(normalise("Ёлка — TELEGRAM!"), ["елка", "telegram"]);
        assert!(normalise(" … ").is_empty());
    }

    #[test]
    fn layouts_switch_both_ways() {
        assert_eq!(switch_layout("ghjcvjnhs", true), "просмотры");
        assert_eq!(switch_layout("RjvvtynFhbb", true), "комментарии");
        assert_eq!(switch_layout("ktnj'nj", true), "летоэто");
        assert_eq!(switch_layout("мшуцы", false), "views");
        assert_eq!(switch_layout("views", false), "views");
    }

    #[test]
    fn distance_is_to_the_start_of_the_word() {
        let d = |stem: &str, word: &str| prefix_distance(&chars(stem), &chars(word));
        assert_eq!(d("просмотр", "просмотров"), 0);
        assert_eq!(d("просмотр", "прасмотры"), 1);
        assert_eq!(d("views", "veiws"), 1);
        assert_eq!(d("views", "view"), 1);
        assert_eq!(d("лайк", "лаки"), 1);
        assert_eq!(d("subscri", "sbuscribers"), 1);
        assert_eq!(d("view", "vote"), 3);
        assert_eq!(d("", "any"), 0);
        assert_eq!(
            (
                allowed_edits(3),
                allowed_edits(4),
                allowed_edits(7),
                allowed_edits(8)
            ),
            (0, 1, 1, 2)
        );
    }
}
