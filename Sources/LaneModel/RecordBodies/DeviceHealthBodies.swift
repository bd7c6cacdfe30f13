/// A serial or USB device's state as its health records carry it: where it is attached, how
/// often it was reopened and how many frames were unreadable.
public struct DeviceHealthMembers: RecordObject, Hashable {
    public var device: String
    /// The device's `[[devices]] kind`.
    public var kind: String
    public var driver: String
    public var port: String
    /// Serial line settings (`9600 8N1`); nil for USB devices, which have none.
    public var line: String?
    public var reconnects: Int
    public var frameErrors: Int

    public init(device: String, kind: String, driver: String, port: String, line: String?, reconnects: Int, frameErrors: Int) {
        self.device = device
        self.kind = kind
        self.driver = driver
        self.port = port
        self.line = line
        self.reconnects = reconnects
        self.frameErrors = frameErrors
    }

    public func write(to members: inout RecordMembers) {
        members.required("device", device)
        members.required("kind", kind)
        members.required("driver", driver)
        members.required("port", port)
        members.optional("line", line)
        members.required("reconnects", reconnects)
        members.required("frameErrors", frameErrors)
    }
}

/// `device.connected`: a serial or USB device came (back) online.
public struct DeviceConnectedBody: RecordBody {
    public var health: DeviceHealthMembers

    public init(health: DeviceHealthMembers) { self.health = health }

    public var recordKind: RecordKind { .deviceConnected }

    public func write(to members: inout RecordMembers) {
        health.write(to: &members)
    }
}

/// `device.fault`, first shape: a serial or USB device failed or went away (once per outage).
public struct DeviceOutageBody: RecordBody {
    public var health: DeviceHealthMembers
    /// The failure's code, such as `LA-SERIAL-005`.
    public var code: String
    public var error: String

    public init(health: DeviceHealthMembers, code: String, error: String) {
        self.health = health
        self.code = code
        self.error = error
    }

    public var recordKind: RecordKind { .deviceFault }

    public func write(to members: inout RecordMembers) {
        health.write(to: &members)
        members.required("code", code)
        members.required("error", error)
    }
}

/// `device.fault`, second shape: a device sent input its driver could not read.
public struct DeviceInputFaultBody: RecordBody {
    public var device: String
    /// The device's `[[devices]] kind`.
    public var kind: String
    public var driver: String
    public var reason: String
    /// Faults of the device not recorded since the last one (at most one every interval is).
    public var suppressed: Int
    /// The start of the input, only when it holds no personal data.
    public var excerpt: String?
    /// Hex SHA-256 of the whole input, never the bytes themselves.
    public var inputSHA256: String?

    public init(device: String, kind: String, driver: String, reason: String, suppressed: Int, excerpt: String?, inputSHA256: String?) {
        self.device = device
        self.kind = kind
        self.driver = driver
        self.reason = reason
        self.suppressed = suppressed
        self.excerpt = excerpt
        self.inputSHA256 = inputSHA256
    }

    public var recordKind: RecordKind { .deviceFault }

    public func write(to members: inout RecordMembers) {
        members.required("device", device)
        members.required("kind", kind)
        members.required("driver", driver)
        members.required("reason", reason)
        members.required("suppressed", suppressed)
        members.optional("excerpt", excerpt)
        members.optional("inputSHA256", inputSHA256)
    }
}
