/// What a network device must present besides coming from its address (`username` with
/// `password_digest`, or `token_sha256`): a device configured with credentials is refused
/// without them. The configuration holds no secret: the password as HTTP Digest's HA1 (MD5 of
/// `username:laneagent:password`, which Basic and Digest can both be checked against) and the
/// token as its SHA-256.
public struct DeviceCredentials: Sendable, Equatable {
    /// HTTP Basic or Digest user name and HA1, hex.
    public var username: String?
    public var passwordDigest: String?
    /// SHA-256 of a bearer token (`Authorization: Bearer` or `?token=` in the URL), hex.
    public var tokenSHA256: String?

    public init(username: String? = nil, passwordDigest: String? = nil, tokenSHA256: String? = nil) {
        self.username = username
        self.passwordDigest = passwordDigest
        self.tokenSHA256 = tokenSHA256
    }

    /// The realm of Digest and Basic challenges, part of every HA1.
    public static let realm = "laneagent"
}
