import EarshotCore
// Placeholder until the command line lands.
print("earshot")
