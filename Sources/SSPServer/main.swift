import Hummingbird
import Configuration
import ServiceLifecycle
print("x")
