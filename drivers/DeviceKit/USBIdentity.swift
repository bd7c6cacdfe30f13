/// A USB vendor and product id a driver claims, with what that device is.
public struct USBIdentity: Sendable, Hashable {
    public let vendor: UInt16
    public let product: UInt16
    /// What it is, such as "FTDI FT232R USB-serial bridge".
    public let name: String

    public init(vendor: UInt16, product: UInt16, name: String) {
        self.vendor = vendor
        self.product = product
        self.name = name
    }

    /// `0403:6001`, as lsusb prints it.
    public var id: String {
        func hex(_ value: UInt16) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 4 - digits.count) + digits
        }
        return "\(hex(vendor)):\(hex(product))"
    }
}
