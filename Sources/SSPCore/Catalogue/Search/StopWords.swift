/// The function words each language's search ignores: articles, pronouns, auxiliaries, prepositions,
/// conjunctions and the negation (a staff member's "ne marche pas" or "werkt niet" keeps only the verb).
/// Folded (lower case, no accents), as `TextAnalyzer.fold` gives them; based on the Snowball
/// project's stop-word lists for Dutch, French and English, shortened to the words that carry no
/// meaning in a service name.
enum StopWords {
    static func contains(_ folded: String, language: Language) -> Bool {
        switch language {
        case .nl: dutch.contains(folded)
        case .fr: french.contains(folded)
        case .en: english.contains(folded)
        }
    }

    static let dutch: Set<String> = [
        "aan", "al", "alle", "alles", "als", "ben", "bent", "bij", "dan", "dat", "de", "deze", "die", "dit", "door", "dus",
        "een", "eens", "en", "er", "even", "geen", "graag", "had", "heb", "hebben", "hebt", "heeft", "hem", "het", "hier",
        "hij", "hoe", "hun", "ik", "in", "is", "je", "jij", "jou", "jouw", "kan", "kun", "kunnen", "kunt", "maar", "me",
        "meer", "men", "met", "mij", "mijn", "moet", "moeten", "na", "naar", "niet", "niets", "nog", "nu", "of", "om",
        "omdat", "ons", "onze", "ook", "op", "over", "te", "toch", "toe", "tot", "u", "uit", "uw", "van", "voor", "waar",
        "wanneer", "was", "wat", "we", "wel", "welk", "welke", "werd", "wie", "wij", "wil", "wilt", "willen", "word",
        "wordt", "worden", "zal", "ze", "zelf", "zich", "zij", "zijn", "zo", "zou", "zouden",
    ]

    static let french: Set<String> = [
        "a", "ai", "au", "aux", "avec", "avez", "avoir", "avons", "c", "ca", "ce", "ces", "cet", "cette", "d", "dans",
        "de", "des", "dois", "doit", "donc", "du", "elle", "elles", "en", "est", "et", "etre", "eu", "il", "ils", "j",
        "je", "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "mes", "moi", "mon", "n", "ne",
        "ni", "nos", "notre", "nous", "on", "ont", "ou", "par", "pas", "peut", "peux", "plus", "pour", "qu", "que",
        "quel", "quelle", "quelles", "quels", "qui", "s", "sa", "se", "ses", "son", "sont", "suis", "sur", "t", "ta",
        "te", "tes", "toi", "ton", "tu", "un", "une", "veux", "voudrais", "vos", "votre", "vous", "y",
    ]

    static let english: Set<String> = [
        "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can", "cannot", "could",
        "did", "do", "does", "doesn", "don", "dont", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i",
        "if", "in", "into", "is", "isn", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "please", "she",
        "so", "some", "that", "the", "their", "them", "there", "these", "they", "this", "those", "to", "too", "us",
        "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "won", "would", "you",
        "your",
    ]
}
