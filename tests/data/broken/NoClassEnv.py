
class Helper:
    pass
