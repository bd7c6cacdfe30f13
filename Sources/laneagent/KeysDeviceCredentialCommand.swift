import Agent
import ArgumentParser
import Crypto
import Foundation
import LaneModel

extension LaneAgentCommand.Keys {
    /// `laneagent keys device-credential (--user NAME | --token)`
    struct DeviceCredential: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "device-credential",
            abstract: "Print the [[devices]] lines that make a network device present credentials.",
            discussion: """
                --user NAME reads the password the device is given (one line on standard input) and prints \
                username and password_digest (MD5 of NAME:laneagent:PASSWORD, what HTTP Digest and Basic are checked \
                against; the password itself is never stored). --token makes a random token, prints it once for the \
                device (sent as Authorization: Bearer or ?token= in its URL) and the token_sha256 line for the board.
                """)

        @Option(help: "The user name the device sends (Hikvision: HTTP host notification, MD5digest).") var user: String?
        @Flag(help: "Make a random bearer token instead.") var token = false

        func validate() throws {
            guard (user != nil) != token else { throw ValidationError("give --user NAME or --token") }
            if let user, user.isEmpty || user.utf8.count > 64 || user.contains(":") || user.contains("\"") {
                throw ValidationError("--user must be 1–64 bytes without a colon or quote")
            }
        }

        func run() async throws {
            if let user {
                guard let password = readLine(strippingNewline: true), !password.isEmpty, password.utf8.count <= 256 else {
                    throw ValidationError("no password on standard input (one line, 1–256 bytes)")
                }
                let digest = Hex.encode(Insecure.MD5.hash(data: Array("\(user):\(DeviceCredentials.realm):\(password)".utf8)))
                print("username = \"\(user)\"")
                print("password_digest = \"\(digest)\"")
            } else {
                let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
                let value = secret.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                    .replacingOccurrences(of: "=", with: "")
                print("# give the device this token (shown once): \(value)")
                print("token_sha256 = \"\(Hex.encode(SHA256.hash(data: Array(value.utf8))))\"")
            }
        }
    }
}
