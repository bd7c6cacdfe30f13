import CLibUSB
import DeviceKit
