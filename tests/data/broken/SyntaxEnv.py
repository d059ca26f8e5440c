import gymnasium
class SyntaxEnv(gymnasium.Env):
    def step(self, action)
        return True, ""
