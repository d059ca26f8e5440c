import gymnasium

class Helper:
    pass
