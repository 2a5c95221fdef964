import CLibstemmer
import SSPCore
import Synchronization

/// The Snowball project's stemmers for Dutch, French and English (`dutch`, `french` and `english`,
/// the Porter2 algorithm), from Debian's `libstemmer-dev`, behind Core's `Stemmer`.
///
/// A libstemmer stemmer keeps its working buffer inside itself, so it is not safe to share between
/// threads: each language's stemmer is used under its own lock (a stem takes about a microsecond).
public final class SnowballStemmer: Stemmer {
    /// One stemmer per language for the whole process.
    public static let shared = SnowballStemmer()

    private let dutch: Mutex<OpaquePointer>
    private let french: Mutex<OpaquePointer>
    private let english: Mutex<OpaquePointer>

    private init() {
        func stemmer(_ algorithm: String) -> OpaquePointer {
            // Only fails for an unknown algorithm or encoding, or out of memory: a broken installation.
            guard let stemmer = sb_stemmer_new(algorithm, "UTF_8") else { fatalError("libstemmer has no '\(algorithm)' stemmer") }
            return stemmer
        }
        dutch = Mutex(stemmer("dutch"))
        french = Mutex(stemmer("french"))
        english = Mutex(stemmer("english"))
    }

    /// The Snowball stem of `word` (one lower-case word, accents kept; UTF-8), e.g. `imprimantes` → `imprim`.
    public func stem(_ word: String, language: Language) -> String {
        switch language {
        case .nl: dutch.withLock { Self.stem(word, with: $0) }
        case .fr: french.withLock { Self.stem(word, with: $0) }
        case .en: english.withLock { Self.stem(word, with: $0) }
        }
    }

    private static func stem(_ word: String, with stemmer: OpaquePointer) -> String {
        var bytes = Array(word.utf8)
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { return word }
        let count = Int32(bytes.count)
        guard let stem = bytes.withUnsafeMutableBufferPointer({ sb_stemmer_stem(stemmer, $0.baseAddress, count) }) else { return word }
        let length = Int(sb_stemmer_length(stemmer))
        return String(decoding: UnsafeBufferPointer(start: stem, count: length), as: UTF8.self)
    }
}
