import Foundation

extension Data {
    /// Base64url without padding (RFC 4648 §5): safe in URLs and headers.
    public var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
