import SSPCore
