import Agent
/// What is wrong with one line of a replay file; replay reports it and goes on with the next.
public struct ReplayLineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line's number in the file, from 1.
    public let line: Int
    /// What is wrong, naming the field and the value expected.
    public let message: String

    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    /// `LINE: message`; the session puts the file's name in front.
    public var description: String { "\(line): \(message)" }
}
