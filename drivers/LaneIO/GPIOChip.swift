import LaneModel

/// One line of a GPIO chip as the kernel reports it.
public struct GPIOLineInfo: Sendable, Hashable {
    public var offset: Int
    /// The device-tree line name (`gpio-line-names`), if the board names it.
    public var name: String?
    /// Who holds the line, if requested.
    public var consumer: String?
    public var isOutput: Bool
    public var isUsed: Bool
    public var activeLow: Bool

    public init(offset: Int, name: String?, consumer: String?, isOutput: Bool, isUsed: Bool, activeLow: Bool) {
        self.offset = offset
        self.name = name
        self.consumer = consumer
        self.isOutput = isOutput
        self.isUsed = isUsed
        self.activeLow = activeLow
    }
}

/// A change of an input line's level, with the kernel's (or simulator's) time of the edge.
public struct GPIOEdge: Sendable, Hashable {
    public var line: String
    public var value: Bool
    public var time: Timestamp

    public init(line: String, value: Bool, time: Timestamp) {
        self.line = line
        self.value = value
        self.time = time
    }
}

/// An output line held for writing; released on `release()` (and by the kernel if the process dies).
public protocol GPIOOutputLine: Sendable {
    var name: String { get }
    func set(_ value: Bool) throws(GPIOError)
    func release()
}

/// An input line watched for both edges.
public protocol GPIOInputLine: Sendable {
    var name: String { get }
    /// The current level.
    func value() throws(GPIOError) -> Bool
    /// Every edge from the request on; finishes on `release()`.
    var edges: AsyncStream<GPIOEdge> { get }
    func release()
}

/// A GPIO chip: the real one through libgpiod, or the simulated one for tests and the demo.
public protocol GPIOChip: Sendable {
    /// `gpiochip0`, or the simulated chip's name.
    var name: String { get }
    var label: String { get }
    func lines() throws(GPIOError) -> [GPIOLineInfo]
    /// Requests the line named `line` as an output at `initial`.
    func requestOutput(_ line: String, consumer: String, initial: Bool) throws(GPIOError) -> any GPIOOutputLine
    /// Requests the line named `line` for writing without changing it: an output keeps the level it
    /// was left at, an undriven line stays undriven until the first `set`.
    func requestOutputKeepingLevel(_ line: String, consumer: String) throws(GPIOError) -> any GPIOOutputLine
    /// Requests the line named `line` as an input with both edges reported.
    func requestInput(_ line: String, consumer: String) throws(GPIOError) -> any GPIOInputLine
}
